// `burrow install` / `burrow uninstall` (≈ dockerd-rootless-setuptool.sh): check the host, put the
// daemon under the systemd user manager when there is one (else say how to start it by hand),
// create the docker CLI context "rootless", and print what the user still has to do. Each step
// looks before it acts, so running either twice changes nothing the second time and says so.
import { constants } from 'node:fs';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { errnoCode, errorMessage } from '../base/errors.js';
import { allChecks, blockingFailures, runChecks, type Check, type CheckResult } from '../host/checks/index.js';
import type { HostPaths, HostUser } from '../host/host-paths.js';
import type { RunFile } from '../host/run-file.js';
import { DockerContexts, dockerConfigDir } from './docker-contexts.js';
import { renderUnit, UNIT_NAME } from './systemd-unit.js';
import { UserSystemd } from './user-systemd.js';

export const CLI_CONTEXT = 'rootless';
const ROOTFUL_SOCKET = '/var/run/docker.sock';

export interface SetupIo {
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** A line as it is, for commands to copy. */
  print(text: string): void;
  user: HostUser;
  host: HostPaths;
  /** Absolute path of the `burrow` executable the unit runs. */
  burrow: string;
  /** Directory holding `node`, which the unit's PATH must reach. */
  nodeDir: string;
  exec?: RunFile;
  checks?: readonly Check[];
  /** How long to wait for a started unit's socket to answer. */
  readyTimeoutMs?: number;
}

export interface InstallOptions {
  force: boolean;
  skipIptables: boolean;
}

/** The daemon's environment once systemd or the user starts it: XDG_RUNTIME_DIR, made under ~/.docker/run when missing (as the reference's tool does). */
interface RuntimeDir {
  path: string;
  created: boolean;
}

function configHome(user: HostUser): string {
  return user.env.XDG_CONFIG_HOME !== undefined && user.env.XDG_CONFIG_HOME !== '' ? user.env.XDG_CONFIG_HOME : join(user.home, '.config');
}

/** The user's own directories are read directly; HostPaths is for host facts (the rootful socket). */
async function writable(path: string): Promise<boolean> {
  return access(path, constants.R_OK | constants.W_OK).then(() => true, () => false);
}

export function unitPath(user: HostUser): string {
  return join(configHome(user), 'systemd', 'user', UNIT_NAME);
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** GET on the daemon's socket; undefined while nothing answers. */
function getOnSocket(socketPath: string, path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path, method: 'GET', timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => { resolve(res.statusCode === 200 ? body : undefined); });
    });
    req.on('error', () => { resolve(undefined); }).on('timeout', () => { req.destroy(); resolve(undefined); });
    req.end();
  });
}

async function waitForDaemon(socketPath: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const version = await getOnSocket(socketPath, '/version');
    if (version !== undefined) return version;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export class Installer {
  private readonly systemd: UserSystemd;
  private readonly contexts: DockerContexts;
  private changed = false;

  constructor(private readonly io: SetupIo) {
    this.systemd = new UserSystemd((line) => { io.print(line); }, io.user.env, io.exec);
    this.contexts = new DockerContexts(dockerConfigDir(io.user.env, io.user.home));
  }

  private get binDir(): string {
    return dirname(this.io.burrow);
  }

  /** The reference tool's refusals that come before any check. */
  private async preconditions(force: boolean): Promise<boolean> {
    const { io } = this;
    if (io.user.uid === 0) {
      io.error('Refusing to install rootless mode as the root user: run `burrow install` as the user who will use the daemon');
      return false;
    }
    if (!(await writable(io.user.home))) {
      io.error(`HOME (${io.user.home}) needs to be set and writable`);
      return false;
    }
    if (!force && (await io.host.canReadWrite(ROOTFUL_SOCKET))) {
      io.error(`Aborting because rootful Docker (${ROOTFUL_SOCKET}) is running and accessible. Set --force to ignore.`);
      return false;
    }
    return true;
  }

  private async runtimeDir(systemd: boolean): Promise<RuntimeDir | undefined> {
    const { io } = this;
    const given = io.user.env.XDG_RUNTIME_DIR;
    if (given !== undefined && given !== '' && (await writable(given))) return { path: given, created: false };
    if (systemd) {
      io.error(`Aborting because systemd was detected but XDG_RUNTIME_DIR ("${given ?? ''}") is not set, does not exist, or is not writable`);
      io.error('Hint: this could happen if you changed users with \'su\' or \'sudo\'. To work around this:');
      io.error(`- try again by first running with root privileges 'loginctl enable-linger ${io.user.name}' and export XDG_RUNTIME_DIR to the value of RuntimePath as shown by 'loginctl show-user ${io.user.name}'`);
      io.error('- or simply log back in as the desired unprivileged user (ssh works for remote machines, machinectl shell works for local machines)');
      return undefined;
    }
    const path = join(io.user.home, '.docker', 'run');
    await mkdir(path, { recursive: true, mode: 0o700 });
    return { path, created: true };
  }

  /** `burrow check`, with the reference tool's choice: a missing firewall (nft here, iptables there) stops the install unless --skip-iptables. */
  private async requirements(xdg: string, skipIptables: boolean): Promise<{ ok: boolean; noFirewall: boolean }> {
    const { io } = this;
    const checks = io.checks ?? allChecks;
    const user = { ...io.user, env: { ...io.user.env, XDG_RUNTIME_DIR: xdg } };
    const results = await runChecks({ host: io.host, user, ...(io.exec ? { exec: io.exec } : {}) }, checks);
    const firewall = results.find((r) => r.id === 'nftables' && r.status === 'fail');
    const missing: CheckResult[] = [...blockingFailures(results, checks), ...(firewall && !skipIptables ? [firewall] : [])];
    if (missing.length === 0) {
      io.info('Requirements are satisfied');
      return { ok: true, noFirewall: firewall !== undefined };
    }
    io.error('Missing system requirements. Run the following commands to');
    io.error('install the requirements and run this tool again.');
    if (firewall && !skipIptables) io.error('Alternatively nftables checks can be disabled with --skip-iptables .');
    io.print('');
    for (const r of missing) {
      io.print(`# ${r.title}: ${r.summary}`);
      for (const line of r.fix ?? []) io.print(line);
    }
    io.print('');
    return { ok: false, noFirewall: firewall !== undefined };
  }

  private async installUnit(flags: string[], socketPath: string): Promise<boolean> {
    const { io, systemd } = this;
    const path = unitPath(io.user);
    const dirs = [this.binDir, io.nodeDir, '/sbin', '/usr/sbin', ...(io.user.env.PATH ?? '/usr/bin:/bin').split(':')].filter((d) => d !== '');
    const want = renderUnit({ burrow: io.burrow, path: [...new Set(dirs)].join(':'), flags });
    const have = await readText(path);
    if (have === undefined) {
      io.info(`Creating ${path}`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, want);
      await systemd.daemonReload();
      this.changed = true;
    } else if (have === want) {
      io.info(`${path} is up to date`);
    } else {
      // the user's own edits win; changes belong in an override (systemctl --user edit docker.service)
      io.warn(`File already exists, skipping: ${path}`);
      io.warn('It differs from the unit this Burrow would write; run `burrow uninstall` first to replace it.');
    }
    if (await systemd.isActive(UNIT_NAME)) {
      io.info(`${UNIT_NAME} is already running`);
    } else {
      io.info(`starting systemd service ${UNIT_NAME}`);
      this.changed = true;
      if (!(await systemd.start(UNIT_NAME))) return this.unitFailed();
    }
    const version = await waitForDaemon(socketPath, io.readyTimeoutMs ?? 60_000);
    if (version === undefined) return this.unitFailed();
    const v = JSON.parse(version) as { Version?: string; ApiVersion?: string };
    io.info(`The daemon answers on ${socketPath} (Engine ${v.Version ?? '?'}, API ${v.ApiVersion ?? '?'})`);
    if (!(await systemd.isEnabled(UNIT_NAME))) {
      this.changed = true;
      if (!(await systemd.enable(UNIT_NAME))) return this.unitFailed();
    }
    io.info(`Installed ${UNIT_NAME} successfully.`);
    io.info(`To control ${UNIT_NAME}, run: \`systemctl --user (start|stop|restart) ${UNIT_NAME}\``);
    io.info(`To run ${UNIT_NAME} on system startup, run: \`sudo loginctl enable-linger ${io.user.name}\``);
    io.print('');
    return true;
  }

  private unitFailed(): false {
    this.io.error(`Failed to start ${UNIT_NAME}. Run \`journalctl -n 20 --no-pager --user --unit ${UNIT_NAME}\` to show the error log.`);
    this.io.error(`Before retrying installation, you might need to uninstall the current setup: \`burrow uninstall ; ${this.io.burrow} rm-data\``);
    return false;
  }

  private async createContext(socketPath: string): Promise<void> {
    const { io, contexts } = this;
    const host = `unix://${socketPath}`;
    const existing = await contexts.get(CLI_CONTEXT);
    if (existing) {
      io.info(`CLI context "${CLI_CONTEXT}" already exists`);
      const had = existing.Endpoints.docker?.Host;
      if (had !== host) io.warn(`It points at ${had ?? 'no docker endpoint'}, not ${host}; left as it is (\`docker context rm ${CLI_CONTEXT}\` and run this again to replace it)`);
    } else {
      io.info(`Creating CLI context "${CLI_CONTEXT}"`);
      await contexts.create(CLI_CONTEXT, host, 'Rootless mode');
      this.changed = true;
    }
    if ((await contexts.current()) !== CLI_CONTEXT) {
      await contexts.use(CLI_CONTEXT);
      this.changed = true;
    }
    io.info(`Use CLI context "${CLI_CONTEXT}"`);
  }

  async install(opts: InstallOptions): Promise<number> {
    const { io } = this;
    if (!(await this.preconditions(opts.force))) return 1;
    const systemd = await this.systemd.available();
    const xdg = await this.runtimeDir(systemd);
    if (!xdg) return 1;
    const req = await this.requirements(xdg.path, opts.skipIptables);
    if (!req.ok) return 1;
    const flags = req.noFirewall ? ['--iptables=false'] : [];
    const socketPath = join(xdg.path, 'docker.sock');
    if (systemd) {
      if (!(await this.installUnit(flags, socketPath))) return 1;
    } else {
      io.info('systemd not detected, burrow daemon needs to be started manually:');
      io.print('');
      io.print(`${xdg.created ? `XDG_RUNTIME_DIR=${xdg.path} ` : ''}PATH=${this.binDir}:/sbin:/usr/sbin:$PATH ${[io.burrow, 'daemon', ...flags].join(' ')}`);
      io.print('');
    }
    await this.createContext(socketPath);
    io.print('');
    io.info('Make sure the following environment variables are set (or add them to ~/.bashrc):');
    io.print('');
    if (xdg.created) {
      io.print('# WARNING: systemd not found. You have to remove XDG_RUNTIME_DIR manually on every logout.');
      io.print(`export XDG_RUNTIME_DIR=${xdg.path}`);
    }
    io.print(`export PATH=${this.binDir}:$PATH`);
    io.print('Some applications may require the following environment variable too:');
    io.print(`export DOCKER_HOST=unix://${socketPath}`);
    io.print('');
    if (!this.changed) io.info('Already installed: nothing was changed.');
    return 0;
  }

  async uninstall(): Promise<number> {
    const { io, systemd, contexts } = this;
    if (await systemd.available()) {
      const path = unitPath(io.user);
      if ((await readText(path)) === undefined && !(await systemd.isActive(UNIT_NAME))) {
        io.info(`${UNIT_NAME} is not installed (${path} does not exist)`);
      } else {
        if (await systemd.isActive(UNIT_NAME)) await systemd.stop(UNIT_NAME);
        if (await systemd.isEnabled(UNIT_NAME)) await systemd.disable(UNIT_NAME);
        await rm(path, { force: true });
        await systemd.daemonReload();
        this.changed = true;
        io.info(`Uninstalled ${UNIT_NAME}`);
      }
    } else {
      io.info('systemd not detected, burrow daemon needs to be stopped manually (Ctrl-C or kill -TERM its pid)');
    }
    if (await contexts.get(CLI_CONTEXT).catch((err: unknown) => { io.warn(errorMessage(err)); return undefined; })) {
      await contexts.remove(CLI_CONTEXT);
      this.changed = true;
      io.info(`Deleted CLI context "${CLI_CONTEXT}"`);
    }
    if ((await contexts.current()) === CLI_CONTEXT) {
      await contexts.use('default');
      this.changed = true;
      io.info('Configured CLI use the "default" context.');
    }
    io.print('');
    io.info('Make sure to unset or update the environment PATH, DOCKER_HOST, and DOCKER_CONTEXT environment variables if you have added them to `~/.bashrc`.');
    io.info('This uninstallation tool does NOT remove Burrow\'s binaries and data.');
    io.info(`To remove data, run: \`${io.burrow} rm-data\``);
    if (!this.changed) io.info('Nothing was installed: nothing was changed.');
    return 0;
  }
}
