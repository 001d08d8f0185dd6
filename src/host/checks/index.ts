// The prerequisite checks in display order: what Burrow needs to start first, then what limits
// features. `burrow check` runs them all; the daemon runs the fast blocking subset at start-up.
import { errorMessage } from '../../base/errors.js';
import type { Check, CheckContext, CheckResult } from './check.js';
import { cgroupCheck } from './cgroup.js';
import { conmonCheck } from './conmon.js';
import { dataRootCheck } from './data-root.js';
import { networkCheck } from './network.js';
import { nftablesCheck } from './nftables.js';
import { newuidmapCheck } from './newuidmap.js';
import { ociRuntimeCheck } from './oci-runtime.js';
import { pingCheck } from './ping.js';
import { privilegedPortsCheck } from './privileged-ports.js';
import { rootfulDockerCheck } from './rootful-docker.js';
import { storageCheck } from './storage.js';
import { subgidCheck, subuidCheck } from './subordinate-ids.js';
import { systemdCheck } from './systemd.js';
import { tunCheck } from './tun.js';
import { usernsCheck } from './userns.js';
import { xdgRuntimeDirCheck } from './xdg-runtime-dir.js';

export type { Check, CheckContext, CheckResult, CheckStatus } from './check.js';

export const allChecks: readonly Check[] = [
  newuidmapCheck,
  subuidCheck,
  subgidCheck,
  usernsCheck,
  xdgRuntimeDirCheck,
  systemdCheck,
  networkCheck,
  tunCheck,
  nftablesCheck,
  storageCheck,
  dataRootCheck,
  ociRuntimeCheck,
  conmonCheck,
  cgroupCheck,
  pingCheck,
  privilegedPortsCheck,
  rootfulDockerCheck,
];

/** The checks with these ids, in the order given; an unknown id is a programming error. */
export function selectChecks(ids: readonly string[], checks: readonly Check[] = allChecks): Check[] {
  return ids.map((id) => {
    const check = checks.find((c) => c.id === id);
    if (check === undefined) throw new Error(`unknown check: ${id}`);
    return check;
  });
}

/** A check that throws is reported, not propagated: one broken probe must not hide the others. */
async function runOne(check: Check, ctx: CheckContext): Promise<CheckResult> {
  try {
    return await check.run(ctx);
  } catch (err) {
    return { id: check.id, title: check.title, status: check.blocking ? 'fail' : 'warn', summary: `the check itself failed: ${errorMessage(err)}` };
  }
}

/** Runs the checks concurrently (they are independent) and returns results in the checks' order. */
export async function runChecks(ctx: CheckContext, checks: readonly Check[] = allChecks): Promise<CheckResult[]> {
  return Promise.all(checks.map((c) => runOne(c, ctx)));
}

/** The failed results of blocking checks: any one means Burrow cannot run. */
export function blockingFailures(results: readonly CheckResult[], checks: readonly Check[] = allChecks): CheckResult[] {
  const blocking = new Set(checks.filter((c) => c.blocking).map((c) => c.id));
  return results.filter((r) => r.status === 'fail' && blocking.has(r.id));
}
