// Unprivileged user namespaces must be allowed: Debian ≤ 10 and Arch gate them behind
// unprivileged_userns_clone, a max_user_namespaces of 0 forbids them, and Ubuntu ≥ 24.04 lets
// AppArmor strip capabilities inside them unless a profile allows `userns`.
import { findBinary } from '../binaries.js';
import { readSysctl, sysctlFix } from '../sysctl.js';
import { defineCheck, type CheckContext, type Finding } from './check.js';

function appArmorProfileFix(binary: string): string[] {
  const profile = binary.replace(/^\//, '').replaceAll('/', '.');
  return [
    `# allow ${binary}, which Burrow uses to create its user namespace, to keep its capabilities there:`,
    `cat <<'EOF' | sudo tee /etc/apparmor.d/${profile}`,
    'abi <abi/4.0>,',
    'include <tunables/global>',
    '',
    `"${binary}" flags=(unconfined) {`,
    '  userns,',
    '',
    `  include if exists <local/${profile}>`,
    '}',
    'EOF',
    'sudo systemctl restart apparmor.service',
    '# or lift the restriction for every program:',
    ...sysctlFix('kernel.apparmor_restrict_unprivileged_userns', '0', '52-rootless-userns.conf'),
  ];
}

async function detect(ctx: CheckContext): Promise<Finding> {
  const [clone, max, restrict] = await Promise.all(
    ['kernel.unprivileged_userns_clone', 'user.max_user_namespaces', 'kernel.apparmor_restrict_unprivileged_userns'].map((n) => readSysctl(ctx.host, n)),
  );
  if (clone !== undefined && clone !== '1') {
    return {
      status: 'fail',
      summary: `kernel.unprivileged_userns_clone is ${clone}; unprivileged user namespaces are disabled`,
      fix: sysctlFix('kernel.unprivileged_userns_clone', '1', '50-rootless.conf'),
    };
  }
  if (max === undefined) {
    return {
      status: 'fail',
      summary: 'this kernel has no user namespace support (/proc/sys/user/max_user_namespaces is missing)',
      fix: ['# boot a kernel built with CONFIG_USER_NS=y (every current distribution kernel is)'],
    };
  }
  if (Number(max) === 0) {
    return { status: 'fail', summary: 'user.max_user_namespaces is 0', fix: sysctlFix('user.max_user_namespaces', '28633', '51-rootless.conf') };
  }
  if (restrict === '1') {
    const unshare = (await findBinary(ctx.host, ctx.user.env, 'unshare')) ?? '/usr/bin/unshare';
    return {
      status: 'fail',
      summary: 'kernel.apparmor_restrict_unprivileged_userns is 1: AppArmor denies capabilities inside new user namespaces',
      fix: appArmorProfileFix(unshare),
    };
  }
  return { status: 'ok', summary: `allowed (user.max_user_namespaces = ${max})` };
}

export const usernsCheck = defineCheck({ id: 'userns', title: 'Unprivileged user namespaces', blocking: true }, detect);
