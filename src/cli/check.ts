// `burrow check`: the reference's prerequisites and troubleshooting, run against this host and
// user. Exit 0 when Burrow can run (no blocking check failed), 1 otherwise, 2 on a usage error.
import { parseArgs } from 'node:util';
import { errorMessage } from '../base/errors.js';
import { currentUser } from '../host/current-user.js';
import { HostPaths, type HostUser } from '../host/host-paths.js';
import { allChecks, blockingFailures, runChecks, type Check, type CheckContext } from '../host/checks/index.js';
import { colorsFor, formatReport, localeIsUtf8 } from './check-report.js';

export interface CheckIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** Test seams: a fixture tree, a fake user, a fake spawner, a subset of checks. */
  host?: HostPaths;
  user?: HostUser;
  exec?: CheckContext['exec'];
  checks?: readonly Check[];
}

const USAGE = `Usage:  burrow check [OPTIONS]

Check that this host and user meet Burrow's prerequisites, and print the fix for each problem

Options:
  -h, --help   Print usage
      --json   Print the results as a JSON array
`;

export async function checkCommand(args: string[], ioIn: Partial<CheckIo> = {}): Promise<number> {
  const io: CheckIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, ...ioIn };
  let values;
  try {
    ({ values } = parseArgs({ args, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    io.stderr.write(`burrow check: ${errorMessage(err)}\nSee 'burrow check --help'.\n`);
    return 2;
  }
  if (values.help === true) {
    io.stdout.write(USAGE);
    return 0;
  }
  const checks = io.checks ?? allChecks;
  const ctx: CheckContext = { host: io.host ?? new HostPaths(), user: io.user ?? currentUser(io.env), ...(io.exec === undefined ? {} : { exec: io.exec }) };
  const results = await runChecks(ctx, checks);
  const blocking = blockingFailures(results, checks);
  if (values.json === true) {
    io.stdout.write(JSON.stringify(results, null, 2) + '\n');
  } else {
    io.stdout.write(formatReport(results, blocking, { utf8: localeIsUtf8(io.env), colors: colorsFor(io.stdout, io.env) }));
  }
  return blocking.length === 0 ? 0 : 1;
}
