// /etc/subuid and /etc/subgid must give the user at least 65,536 ids: images own files up to uid
// 65534 (nobody), and an unmapped owner makes layer extraction fail with "lchown …: invalid argument".
import { parseSubidFile, SubidFormatError, totalCount } from '../subid.js';
import { allSubidRanges, nextFreeSubidStart } from '../subid-range.js';
import { defineCheck, type Check } from './check.js';

const MIN_SUBIDS = 65_536;

function subidCheck(kind: 'uid' | 'gid'): Check {
  const file = `/etc/sub${kind}`;
  return defineCheck({ id: `sub${kind}`, title: `Subordinate ${kind}s (${file})`, blocking: true }, async (ctx) => {
    const { name, uid, gid } = ctx.user;
    // Matched by name or number, as RootlessKit matches them; groups also by the user's uid.
    const who = kind === 'uid' ? [name, String(uid)] : [name, String(gid), String(uid)];
    const [own, subuid, subgid] = await Promise.all([ctx.host.read(file), ctx.host.read('/etc/subuid'), ctx.host.read('/etc/subgid')]);
    try {
      const ranges = parseSubidFile(own ?? '', who, file);
      const count = totalCount(ranges);
      if (count >= MIN_SUBIDS) {
        const spans = ranges.map((r) => `${r.start}-${r.start + r.count - 1}`).join(', ');
        return { status: 'ok', summary: `${count} subordinate ${kind}s for ${name} (${spans})` };
      }
      const taken = [...allSubidRanges(subuid ?? '', '/etc/subuid'), ...allSubidRanges(subgid ?? '', '/etc/subgid')];
      const start = nextFreeSubidStart(taken);
      const end = start + MIN_SUBIDS - 1;
      return {
        status: 'fail',
        summary:
          count === 0
            ? `no subordinate ${kind}s for ${name} (uid ${uid}) in ${file}`
            : `only ${count} subordinate ${kind}s for ${name} in ${file}; at least ${MIN_SUBIDS} are needed`,
        fix: [`sudo usermod --add-sub${kind}s ${start}-${end} ${name}`, '# or, without usermod:', `echo '${name}:${start}:${MIN_SUBIDS}' | sudo tee -a ${file}`],
      };
    } catch (err) {
      if (!(err instanceof SubidFormatError)) throw err;
      return { status: 'fail', summary: err.message, fix: [`# fix the line in ${file}: each line must be name-or-id:start:count`, `sudoedit ${file}`] };
    }
  });
}

export const subuidCheck = subidCheck('uid');
export const subgidCheck = subidCheck('gid');
