// Network plumbing runs the host's own tools (ip, nft) inside a network namespace owned by the
// engine's user namespace. The engine is root there already, so entering the network namespace
// alone is enough; one shell per change keeps it to a single spawn.
import { runChecked } from '../../process/run.js';

/** The network namespace of a process (the holder's, or a container's init). */
export function netnsOf(pid: number): string {
  return `/proc/${pid}/ns/net`;
}

/**
 * Runs `script` with `sh -e` in the network namespace at `nsPath`. Values interpolated into
 * scripts are validated addresses and generated names, never user text.
 */
export async function inNetns(nsPath: string, script: string, env: Record<string, string> = {}): Promise<string> {
  return runChecked('nsenter', [`--net=${nsPath}`, '/bin/sh', '-ec', script], { env: { ...process.env, ...env } });
}
