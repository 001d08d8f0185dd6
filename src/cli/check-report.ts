// Renders check results for a terminal: one line per check, the fix indented under each problem,
// and ASCII stand-ins when the locale cannot show ✓/✗.
import pc from 'picocolors';
import type { CheckResult, CheckStatus } from '../host/checks/index.js';

export type Colors = ReturnType<typeof pc.createColors>;

export interface ReportStyle {
  utf8: boolean;
  colors: Colors;
}

const SYMBOLS: Record<CheckStatus, { utf8: string; ascii: string; color: 'green' | 'red' | 'yellow' | 'blue' }> = {
  ok: { utf8: '✓', ascii: '[ok]', color: 'green' },
  fail: { utf8: '✗', ascii: '[x]', color: 'red' },
  warn: { utf8: '!', ascii: '[!]', color: 'yellow' },
  info: { utf8: 'ℹ', ascii: '[-]', color: 'blue' },
};

const ASCII_FOR: Record<string, string> = { '—': '-', '…': '...', '≥': '>=', '✓': '[ok]', '✗': '[x]' };

/**
 * Colours only for a terminal: NO_COLOR wins, FORCE_COLOR forces. (picocolors' own default also
 * turns them on under CI=true, which would put escape codes into piped output.)
 */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colors {
  return pc.createColors(!('NO_COLOR' in env) && ('FORCE_COLOR' in env || (stream.isTTY === true && env.TERM !== 'dumb')));
}

/** LC_ALL overrides LC_CTYPE overrides LANG, as setlocale(3) resolves them. */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /utf-?8/i.test(locale);
}

function forLocale(text: string, utf8: boolean): string {
  return utf8 ? text : text.replace(/[—…≥✓✗]/g, (c) => ASCII_FOR[c] ?? c);
}

function indent(block: string): string {
  return block
    .split('\n')
    .map((l) => (l === '' ? '' : `    ${l}`))
    .join('\n');
}

export function formatReport(results: readonly CheckResult[], blockingFailures: readonly CheckResult[], style: ReportStyle): string {
  const { colors: c, utf8 } = style;
  const lines: string[] = [];
  for (const r of results) {
    const symbol = SYMBOLS[r.status];
    lines.push(`${c[symbol.color](utf8 ? symbol.utf8 : symbol.ascii)} ${c.bold(r.title)}: ${forLocale(r.summary, utf8)}`);
    if (r.detail !== undefined) lines.push(c.dim(indent(forLocale(r.detail, utf8))));
    if (r.status !== 'ok' && r.fix !== undefined) {
      lines.push(indent(r.fix.map((f) => (f.startsWith('#') ? c.dim(f) : f)).join('\n')));
    }
  }
  lines.push('');
  const warnings = results.filter((r) => r.status === 'warn').length;
  if (blockingFailures.length === 0) {
    const note = warnings === 0 ? '' : ` (${warnings} warning${warnings === 1 ? '' : 's'}: some features are limited)`;
    lines.push(c.green(`Burrow can run here${note}.`));
  } else {
    const names = blockingFailures.map((r) => r.title).join(', ');
    lines.push(c.red(`Burrow cannot run here until these are fixed: ${names}.`));
  }
  return lines.join('\n') + '\n';
}
