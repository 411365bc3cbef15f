import { hash, pick, unit } from './noise';
import type { DemoWorld } from './world';

// What the demo's hosts write to their app.log: a few lines a second, in the mix of formats a
// real log host has (ISO app lines with a level, nginx access lines, JSON, a little syslog, some
// colour and non-ASCII). Whether a line is an error follows world.errorRatio, so the logs and the
// graphs tell one story: turn the misbehaving flag off and checkout's errors stop here too.

/** errorRatio's baseline (0.4 %) makes ~2 % of lines errors; the misbehaving flag (7.4 %) about 37 %. */
const ERROR_SCALE = 5;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const ERRORS: Record<string, string[]> = {
  web: ['template render failed: undefined method `price` for nil (listing/show)', 'upstream api timed out after 3000ms'],
  api: ['shard 12 query failed: Lost connection to MySQL server during query', 'rate limiter unavailable: redis timeout after 50ms'],
  search: ['solr query failed: 503 Service Unavailable', 'index shard 3 not ready, query dropped'],
  checkout: ['checkout failed: tax service timeout after 2000ms', 'checkout failed: tax service timeout after 2000ms', 'payment authorization failed: gateway answered 502'],
};
const WARNINGS = ['slow query on shard 12: 740ms (listings_by_shop)', 'retrying request to tax service (attempt 2)', 'connection pool 90% used'];
const DEBUG = ['cache hit listing:7731', 'pool stats active=12 idle=4', 'feature flags refreshed in 3ms'];
const QUERIES = ['lamp', 'vintage+ring', 'café+table', 'wool', 'ålesund+print', 'mug'];
const PATHS = ['/listing/123', '/listing/88121', '/shop/MossyOak', '/search?q=lamp', '/cart', '/favicon.ico'];
const AGENTS = ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15', 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0', 'curl/8.5.0'];

export interface DemoLogLine {
  at: number;
  text: string;
}

/** Every line `host` writes in [from, until), oldest first: the same lines whenever they are asked for. */
export function linesBetween(world: DemoWorld, service: string, host: string, from: number, until: number): DemoLogLine[] {
  const lines: DemoLogLine[] = [];
  for (let second = Math.floor(from / 1000); second * 1000 < until; second++) {
    const count = 2 + (hash('log-count', host, second) % 3);
    const times = Array.from({ length: count }, (_, k) => second * 1000 + Math.floor(unit('log-at', host, second, k) * 1000)).sort((a, b) => a - b);
    times.forEach((at, k) => {
      if (at >= from && at < until) lines.push({ at, text: lineAt(world, service, host, at, k) });
    });
  }
  return lines;
}

function lineAt(world: DemoWorld, service: string, host: string, at: number, k: number): string {
  const seed = [host, at, k] as const;
  const error = unit('log-error', ...seed) < Math.min(0.9, ERROR_SCALE * world.errorRatio(service, at));
  const roll = unit('log-kind', ...seed);
  const user = 1000 + (hash('log-user', ...seed) % 9000);
  const requestId = hash('log-request', ...seed).toString(16).padStart(8, '0');
  if (service === 'web' && roll < 0.6) return accessLine(at, error, seed);
  if (service === 'search' && roll < 0.01) return `${syslogTime(at)} ${host} CRON[${2000 + (hash('pid', ...seed) % 999)}]: (root) CMD (/usr/local/bin/reindex --incremental)`;
  const level = error ? 'ERROR' : levelOf(unit('log-level', ...seed));
  const message = messageFor(service, level, seed);
  if (service === 'api' && roll < 0.5) {
    return JSON.stringify({ ts: new Date(at).toISOString(), level: level.toLowerCase(), host, msg: message, request_id: requestId, user });
  }
  // Some services colour their level words, as many loggers do on a terminal.
  const shown = service === 'search' && level !== 'INFO' ? `\x1b[${level === 'ERROR' ? 31 : 33}m${level}\x1b[0m` : level;
  return `${new Date(at).toISOString()} ${shown} ${host} ${message} request_id=${requestId} user=${user}`;
}

function levelOf(roll: number): 'WARN' | 'DEBUG' | 'INFO' {
  return roll < 0.05 ? 'WARN' : roll < 0.12 ? 'DEBUG' : 'INFO';
}

function messageFor(service: string, level: string, seed: readonly [string, number, number]): string {
  if (level === 'ERROR') return pick(ERRORS[service] ?? ERRORS.web!, 'log-error-text', ...seed);
  if (level === 'WARN') return pick(WARNINGS, 'log-warn-text', ...seed);
  if (level === 'DEBUG') return pick(DEBUG, 'log-debug-text', ...seed);
  const n = hash('log-n', ...seed);
  switch (service) {
    case 'api':
      return `GET /v3/listings/${n % 100_000} 200 ${5 + (n % 40)}ms`;
    case 'search':
      return `query "${pick(QUERIES, 'log-q', ...seed).replace(/\+/g, ' ')}" returned ${n % 5000} results in ${20 + (n % 150)}ms`;
    case 'checkout':
      return n % 2 ? `order placed order_id=${n % 1_000_000} total=${(n % 20_000) / 100} USD` : `cart updated items=${1 + (n % 6)}`;
    default:
      return `GET ${pick(PATHS, 'log-path', ...seed)} rendered in ${30 + (n % 90)}ms`;
  }
}

/** nginx's combined format; a failed request is a 5xx, and a few are 404s, as on any web host. */
function accessLine(at: number, error: boolean, seed: readonly [string, number, number]): string {
  const n = hash('log-access', ...seed);
  const path = pick(PATHS, 'log-path', ...seed).replace('lamp', pick(QUERIES, 'log-q', ...seed));
  const status = error ? pick([500, 502, 503], 'log-5xx', ...seed) : n % 25 === 0 ? 404 : n % 9 === 0 ? 304 : 200;
  const bytes = status === 304 ? 0 : 200 + (n % 30_000);
  const ip = `10.0.${n % 256}.${(n >>> 8) % 256}`;
  return `${ip} - - [${commonLogTime(at)}] "GET ${path} HTTP/1.1" ${status} ${bytes} "-" "${pick(AGENTS, 'log-agent', ...seed)}"`;
}

function commonLogTime(at: number): string {
  const d = new Date(at);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clock(d)} +0000`;
}

function syslogTime(at: number): string {
  const d = new Date(at);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${clock(d)}`;
}

function clock(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
