// WWW-Authenticate challenges (RFC 7235): `Bearer realm="…",service="…",scope="…"`. One header may
// hold several challenges, and a parameter value may be a token or a quoted string with escapes.

export interface Challenge {
  /** Lower-cased: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lower-cased, values unquoted. */
  params: Record<string, string>;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (this.pos < this.text.length && TCHAR.test(this.text.charAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  quoted(): string {
    let value = '';
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text.charAt(this.pos++);
      if (c === '"') return value;
      value += c === '\\' && this.pos < this.text.length ? this.text.charAt(this.pos++) : c;
    }
    return value;
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }
}

/** Reads `name=value` pairs until the next challenge's scheme (a token not followed by `=`). */
function readParams(s: Scanner): Record<string, string> {
  const params: Record<string, string> = {};
  for (;;) {
    s.skipSpace();
    while (s.peek() === ',') {
      s.pos++;
      s.skipSpace();
    }
    const start = s.pos;
    const name = s.token();
    s.skipSpace();
    if (name === '' || s.peek() !== '=') {
      s.pos = start;
      return params;
    }
    s.pos++;
    s.skipSpace();
    params[name.toLowerCase()] = s.peek() === '"' ? s.quoted() : s.token();
  }
}

export function parseChallenges(headers: string | string[] | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  for (const header of typeof headers === 'string' ? [headers] : (headers ?? [])) {
    const s = new Scanner(header);
    while (s.pos < s.text.length) {
      s.skipSpace();
      const scheme = s.token();
      if (scheme === '') {
        // Not a token where a scheme must be: skip one character so junk cannot stall the loop.
        s.pos++;
        continue;
      }
      challenges.push({ scheme: scheme.toLowerCase(), params: readParams(s) });
    }
  }
  return challenges;
}

/** Challenges Burrow can answer: Basic, and Bearer with a realm to ask for tokens. */
export function usable(challenge: Challenge): boolean {
  const realm = challenge.params['realm'];
  return challenge.scheme === 'basic' || (challenge.scheme === 'bearer' && realm !== undefined && URL.canParse(realm));
}
