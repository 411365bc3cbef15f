/** A parsed render target, as graphite-web's pyparsing grammar sees it. */
export type TargetExpr =
  | { kind: 'path'; path: string }
  | { kind: 'call'; name: string; args: TargetExpr[]; kwargs: { name: string; value: TargetExpr }[] }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'none' };

// graphite-web's metric characters: printable ASCII except these symbols.
const SYMBOLS = `(){},.'"\\|`;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?\d+(?:\.\d+)?[eE]-?\d+|-?\d+\.\d+|-?\d+/y;
const QUOTED = /"(?:[^"\n\\]|\\.)*"|'(?:[^'\n\\]|\\.)*'/y;

/**
 * Parses a target the way graphite-web does, quirks included: like `parseString` without
 * `parseAll`, it stops at the first character it cannot use and ignores the rest, so
 * `sumSeries((` is the metric path `sumSeries` and `web.requests)` is `web.requests`.
 * Returns null only when nothing at all parses (graphite-web answers that with a 500).
 */
export function parseTarget(text: string): TargetExpr | null {
  return new Parser(text).expression();
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  expression(): TargetExpr | null {
    let expr = this.attempt(() => this.call()) ?? this.path();
    if (!expr) return null;
    // Piped calls: `a.b|sumSeries()` is `sumSeries(a.b)`.
    for (;;) {
      const current: TargetExpr = expr;
      const piped = this.attempt(() => (this.literal('|') ? this.call() : null));
      if (!piped) return expr;
      piped.args.unshift(current);
      expr = piped;
    }
  }

  private call(): Extract<TargetExpr, { kind: 'call' }> | null {
    const name = this.token(IDENT);
    if (!name || !this.literal('(')) return null;
    const call = { kind: 'call' as const, name, args: [] as TargetExpr[], kwargs: [] as { name: string; value: TargetExpr }[] };
    if (this.literal(')')) return call;
    for (;;) {
      const kwarg = this.attempt(() => {
        const key = this.token(IDENT);
        return key && this.literal('=') ? key : null;
      });
      const value = this.argument();
      // Keyword arguments only after at least one positional one: `scale(factor=2)` is no call.
      if (!value || (kwarg ? call.args.length === 0 : call.kwargs.length > 0)) return null;
      if (kwarg) call.kwargs.push({ name: kwarg, value });
      else call.args.push(value);
      if (this.literal(')')) return call;
      if (!this.literal(',')) return null;
    }
  }

  private argument(): TargetExpr | null {
    const keyword = this.attempt(() => {
      const word = this.token(IDENT)?.toLowerCase();
      return word === 'true' || word === 'false' || word === 'none' || word === 'inf' ? word : null;
    });
    if (keyword === 'true' || keyword === 'false') return { kind: 'boolean', value: keyword === 'true' };
    if (keyword === 'none') return { kind: 'none' };
    if (keyword === 'inf') return { kind: 'number', value: Infinity };
    const number = this.attempt(() => {
      const digits = this.token(NUMBER);
      // graphite-web takes a number only when an argument ends there, so `1min.x` stays a path.
      return digits !== null && /^\s*(?:[,)]|$)/.test(this.text.slice(this.pos)) ? Number(digits) : null;
    });
    if (number !== null) return { kind: 'number', value: number };
    const quoted = this.token(QUOTED);
    if (quoted !== null) return { kind: 'string', value: quoted.slice(1, -1) };
    return this.expression();
  }

  /** Path elements joined by dots, with `{a,b}` alternatives; no whitespace inside. */
  private path(): TargetExpr | null {
    this.skipSpace();
    let path = this.element();
    if (path === null) return null;
    for (;;) {
      const next = this.attempt(() => {
        if (this.text[this.pos] !== '.') return null;
        this.pos++;
        return this.element();
      });
      if (next === null) return { kind: 'path', path };
      path += `.${next}`;
    }
  }

  private element(): string | null {
    let out = '';
    for (;;) {
      const part = this.partial() ?? this.attempt(() => this.alternatives());
      if (part === null) return out || null;
      out += part;
    }
  }

  private alternatives(): string | null {
    if (this.text[this.pos] !== '{') return null;
    this.pos++;
    const options: string[] = [];
    for (;;) {
      const option = this.partial();
      if (option === null) return null;
      options.push(option);
      const c = this.text[this.pos++];
      if (c === '}') return `{${options.join(',')}}`;
      if (c !== ',') return null;
    }
  }

  private partial(): string | null {
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      const escaped = this.text[this.pos + 1];
      if (c === '\\' && escaped !== undefined && `${SYMBOLS}=`.includes(escaped)) {
        out += escaped;
        this.pos += 2;
      } else if (c > ' ' && c <= '~' && !SYMBOLS.includes(c)) {
        out += c;
        this.pos++;
      } else break;
    }
    return out || null;
  }

  private token(pattern: RegExp): string | null {
    this.skipSpace();
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.text);
    if (!match) return null;
    this.pos += match[0].length;
    return match[0];
  }

  private literal(symbol: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== symbol) return false;
    this.pos++;
    return true;
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  /** Runs a rule and rewinds when it fails, as pyparsing's alternatives do. */
  private attempt<T>(rule: () => T | null): T | null {
    const start = this.pos;
    const result = rule();
    if (result === null) this.pos = start;
    return result;
  }
}
