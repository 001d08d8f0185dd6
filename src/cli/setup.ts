// `burrow install` and `burrow uninstall`, with dockerd-rootless-setuptool.sh's options and its
// [INFO]/[WARNING]/[ERROR] lines.
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../base/install-layout.js';
import { errorMessage } from '../base/errors.js';
import { currentUser } from '../host/current-user.js';
import { HostPaths } from '../host/host-paths.js';
import { Installer, type SetupIo } from '../setup/installer.js';
import { colorsFor } from './check-report.js';

const USAGE = `Usage:  burrow install [OPTIONS]
        burrow uninstall

Set up the rootless daemon for this user (≈ dockerd-rootless-setuptool.sh): check the host, install
and start ~/.config/systemd/user/docker.service when a systemd user manager runs (else print how to
start \`burrow daemon\` by hand), and create the docker CLI context "rootless".
\`uninstall\` stops and removes the unit and the context; data stays (\`burrow rm-data\` removes it).

Options:
  -f, --force           Ignore rootful Docker (/var/run/docker.sock)
      --skip-iptables   Ignore missing nftables (the unit then runs \`burrow daemon --iptables=false\`)
  -h, --help            Print usage
`;

export async function setupCommand(action: 'install' | 'uninstall', args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { force: { type: 'boolean', short: 'f' }, 'skip-iptables': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`burrow ${action}: ${errorMessage(err)}\nSee 'burrow ${action} --help'.\n`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const colors = colorsFor(process.stdout, process.env);
  const io: SetupIo = {
    info: (t) => { process.stdout.write(`${colors.blue('[INFO]')} ${t}\n`); },
    warn: (t) => { process.stderr.write(`${colors.yellow('[WARNING]')} ${t}\n`); },
    error: (t) => { process.stderr.write(`${colors.red('[ERROR]')} ${t}\n`); },
    print: (t) => { process.stdout.write(`${t}\n`); },
    user: currentUser(),
    host: new HostPaths(),
    burrow: join(PACKAGE_ROOT, 'bin', 'burrow'),
    nodeDir: dirname(process.execPath),
  };
  const installer = new Installer(io);
  return action === 'install'
    ? installer.install({ force: values.force === true, skipIptables: values['skip-iptables'] === true })
    : installer.uninstall();
}
