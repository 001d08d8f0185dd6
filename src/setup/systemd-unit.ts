// The systemd user unit `burrow install` writes: the reference's docker.service, with `burrow
// daemon` as ExecStart. The start limit sits in [Unit], where systemd ≥ 230 reads it (the
// reference's unit keeps the old [Service] spelling, which `systemd-analyze verify` only tolerates).

export const UNIT_NAME = 'docker.service';

export interface UnitOptions {
  /** Absolute path of the `burrow` executable. */
  burrow: string;
  /** PATH for the daemon: node and burrow first, then /sbin:/usr/sbin (nft, ip), then the installer's PATH. */
  path: string;
  /** Extra `burrow daemon` flags (--iptables=false after `install --skip-iptables`). */
  flags: readonly string[];
}

/** systemd.syntax(7) quoting: % starts a specifier everywhere; whitespace, quotes and backslashes need quotes. */
function quoted(text: string): string {
  const escaped = text.replace(/%/g, '%%');
  return /[\s"'\\;]/.test(escaped) ? `"${escaped.replace(/(["\\])/g, '\\$1')}"` : escaped;
}

/** One ExecStart word; there $ also expands variables (systemd.service(5)), so it is doubled. */
function execWord(word: string): string {
  return quoted(word.replace(/\$/g, '$$$$'));
}

export function renderUnit(opts: UnitOptions): string {
  const exec = [opts.burrow, 'daemon', ...opts.flags].map(execWord).join(' ');
  return `[Unit]
Description=Docker Application Container Engine (Rootless, Burrow)
Documentation=https://docs.docker.com/go/rootless/
StartLimitIntervalSec=60s
StartLimitBurst=3

[Service]
Environment=${quoted(`PATH=${opts.path}`)}
ExecStart=${exec}
ExecReload=/bin/kill -s HUP $MAINPID
TimeoutSec=0
RestartSec=2
Restart=always
LimitNOFILE=infinity
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
Delegate=yes
Type=simple
KillMode=mixed

[Install]
WantedBy=default.target
`;
}
