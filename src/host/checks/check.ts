// The shape every prerequisite check shares: detect a host fact, then say what it means and, when
// something is wrong, the exact commands that fix it for this user.
import type { HostPaths, HostUser } from '../host-paths.js';
import { runFile } from '../run-file.js';

export interface CheckContext {
  host: HostPaths;
  user: HostUser;
  /** Spawns a host tool; unit tests inject a fake, the real check uses runFile. */
  exec?: (
    file: string,
    args: string[],
    opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv },
  ) => Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'info';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  summary: string;
  /** The exact commands or steps, with the user's name, uid and ids filled in; `#` lines explain. */
  fix?: string[];
  detail?: string;
}

export interface Check {
  id: string;
  title: string;
  /** A failure means Burrow cannot start. */
  blocking: boolean;
  run(ctx: CheckContext): Promise<CheckResult>;
}

export function execOf(ctx: CheckContext): NonNullable<CheckContext['exec']> {
  return ctx.exec ?? runFile;
}

/** What a check found; the id and title are added by defineCheck. */
export type Finding = Omit<CheckResult, 'id' | 'title'>;

/** Each check states only its finding; the result always carries the check's own id and title. */
export function defineCheck(meta: Omit<Check, 'run'>, detect: (ctx: CheckContext) => Promise<Finding>): Check {
  return { ...meta, run: async (ctx) => ({ id: meta.id, title: meta.title, ...(await detect(ctx)) }) };
}
