import { GraphiteInputError } from './graphite-errors';

const UNITS: [prefix: string, seconds: number][] = [
  // Order matters: graphite-web tests "s", "min", "h", "d", "w", "mon", "y" in this order.
  ['s', 1],
  ['min', 60],
  ['h', 3_600],
  ['d', 86_400],
  ['w', 604_800],
  ['mon', 30 * 86_400],
  ['y', 365 * 86_400],
];

/**
 * graphite-web's `parseATTime` for the forms a dashboard sends: epoch seconds, `now`,
 * `-24h` / `-15min` / `now-7d` / `+30s`, `today` / `yesterday` / `tomorrow` (UTC midnight).
 * Returns epoch seconds; errors carry graphite-web's own wording ("Unknown day reference: …").
 */
export function parseGraphiteTime(text: string, nowSeconds: number): number {
  const s = text.trim().toLowerCase().replace(/[_, ]/g, '');
  if (/^\d+$/.test(s)) return Number(s);
  const sign = s.search(/[+-]/);
  const ref = sign === -1 ? s : s.slice(0, sign);
  const offset = sign === -1 ? '' : s.slice(sign);
  return reference(ref, nowSeconds) + parseOffset(offset);
}

function reference(ref: string, now: number): number {
  if (ref === '' || ref === 'now') return now;
  const midnight = Math.floor(now / 86_400) * 86_400;
  if (ref === 'today') return midnight;
  if (ref === 'yesterday') return midnight - 86_400;
  if (ref === 'tomorrow') return midnight + 86_400;
  throw new GraphiteInputError(`Unknown day reference: ${ref}`);
}

/** `-1h30min` → -5400; a unit graphite-web does not know (`-5m`) fails the way it does there. */
export function parseOffset(offset: string): number {
  if (!offset) return 0;
  let rest = offset;
  let sign = 1;
  if (rest[0] === '+' || rest[0] === '-') {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  } else if (!/^\d/.test(rest)) {
    throw new GraphiteInputError(`'Invalid offset: ${offset}'`);
  }
  let total = 0;
  while (rest) {
    const match = /^(\d*)([a-z]*)/.exec(rest)!;
    const [whole, digits = '', unit = ''] = match;
    if (!digits) throw new GraphiteInputError(`invalid literal for int() with base 10: '${rest}'`);
    const found = UNITS.find(([prefix]) => unit.startsWith(prefix));
    if (!found) throw new GraphiteInputError(`Invalid offset unit '${unit}'`);
    total += Number(digits) * found[1];
    rest = rest.slice(whole.length);
  }
  return sign * total;
}
