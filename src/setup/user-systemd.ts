// `systemctl --user`, as dockerd-rootless-setuptool.sh drives it: the manager counts as present
// when `show-environment` answers (su/sudo sessions have none, which is the reference's
// "systemd not detected" case), and each state-changing call is echoed the way `set -x` shows it.
import { runFile, type RunFile, type RunResult } from '../host/run-file.js';

export class UserSystemd {
  constructor(
    private readonly echo: (line: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly exec: RunFile = runFile,
  ) {}

  private run(args: string[], timeoutMs = 30_000): Promise<RunResult> {
    return this.exec('systemctl', ['--user', ...args], { env: this.env, timeoutMs });
  }

  /** A state-changing call, echoed first; its output is the user's to see. */
  private async act(args: string[], timeoutMs?: number): Promise<RunResult> {
    this.echo(`+ systemctl --user ${args.join(' ')}`);
    const r = await this.run(args, timeoutMs);
    for (const text of [r.stdout, r.stderr]) if (text.trim() !== '') this.echo(text.trimEnd());
    return r;
  }

  async available(): Promise<boolean> {
    return (await this.run(['show-environment'], 10_000)).code === 0;
  }

  async isActive(unit: string): Promise<boolean> {
    return (await this.run(['is-active', '--quiet', unit])).code === 0;
  }

  async isEnabled(unit: string): Promise<boolean> {
    return (await this.run(['is-enabled', '--quiet', unit])).code === 0;
  }

  async daemonReload(): Promise<boolean> {
    return (await this.run(['daemon-reload'])).code === 0;
  }

  async start(unit: string): Promise<boolean> {
    return (await this.act(['start', unit], 120_000)).code === 0;
  }

  async stop(unit: string): Promise<boolean> {
    return (await this.act(['stop', unit], 120_000)).code === 0;
  }

  async enable(unit: string): Promise<boolean> {
    return (await this.act(['enable', unit])).code === 0;
  }

  async disable(unit: string): Promise<boolean> {
    return (await this.act(['disable', unit])).code === 0;
  }
}
