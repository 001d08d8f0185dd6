// Entry of the `burrow` executable. Subcommands are imported on demand so `burrow daemon` does not
// pay for loading the others.
import { printError } from './cli/print-error.js';

const USAGE = `Usage:  burrow COMMAND [ARGS]

A rootless container engine driven by the docker CLI.

Commands:
  daemon     Run the rootless daemon in the foreground (DOCKER_HOST=unix://$XDG_RUNTIME_DIR/docker.sock)
  check      Check this host and user for rootless mode, with the fix for each problem (--json)
  install    Install the systemd user unit (or show how to start the daemon) and the "rootless" CLI context
  uninstall  Remove the unit and the context (data stays; see rm-data)
  nsenter    Run a command (default: a shell) in the daemon's user, mount and network namespaces
  rm-data    Remove the data root (images, containers), including files owned by subordinate ids
  version    Print Burrow's version
`;

async function dispatch(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'daemon':
      return (await import('./cli/daemon.js')).daemonCommand(args);
    case 'check':
      return (await import('./cli/check.js')).checkCommand(args);
    case 'install':
    case 'uninstall':
      return (await import('./cli/setup.js')).setupCommand(cmd, args);
    case 'rm-data':
      return (await import('./cli/rm-data.js')).rmDataCommand(args);
    case 'nsenter':
      return (await import('./cli/nsenter.js')).nsenterCommand(args);
    case 'version':
    case '--version':
      process.stdout.write(`burrow ${(await import('./cli/version.js')).BURROW_VERSION}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`burrow: unknown command ${JSON.stringify(cmd)}\n\n${USAGE}`);
      return 2;
  }
}

dispatch(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    printError(err);
    process.exitCode = 1;
  },
);
