// How every subcommand reports a failure: the message, then the fix when there is one.
import { errorMessage } from '../base/errors.js';

export function printError(err: unknown, write: (s: string) => void = (s) => process.stderr.write(s)): void {
  write(`burrow: ${errorMessage(err)}\n`);
  const hint = (err as { hint?: unknown }).hint;
  if (typeof hint === 'string' && hint !== '') write(`${hint.replace(/^/gm, '  ')}\n`);
}
