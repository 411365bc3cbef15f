// Malformed requests for the contract fuzz test (contract-fuzz.test.ts), generated from one seed so
// every run sends the same ones: a valid example of every request, broken in the ways a buggy page,
// a stale window or a hostile local process would break it.
import type { RequestName } from '../../src/contract/requests';
import { requestNames, requests } from '../../src/contract/requests';
import { seededRandom } from '../support/seeded-random';

export interface FuzzRequest {
  /** What was done to the valid example, for a failure message. */
  label: string;
  name: unknown;
  /** As the in-process dispatcher gets it: may hold NaN, Infinity, undefined, own `__proto__` keys. */
  input: unknown;
  /** What the dispatcher must answer. */
  expected: 'invalid_input' | 'unknown_request';
}

/** A body sent to POST /api/request as it is, for what JSON cannot say (truncated text, NaN, a million brackets). */
export interface RawBody {
  label: string;
  body: string | Buffer;
  /** The HTTP status, and the error code of the JSON envelope that comes with it. */
  status: number;
  expected: 'invalid_input' | 'unknown_request';
}

const T0 = 1_790_000_000_000;
const HOUR = 3_600_000;
const off = { enabled: false, audience: 'everyone', rolloutPercent: null };

/** A valid input of every request; the test checks they are valid, so every mutation starts from one. */
export const validInputs: Record<RequestName, unknown[]> = {
  'app.info': [{}],
  'settings.get': [{}],
  'settings.update': [{ timeZone: 'utc', rangeMinutes: 60, pinnedFlags: ['checkout.new-tax-engine'] }],
  'secrets.list': [{}],
  'secrets.set': [{ name: 'graphite.token', value: 'a-secret-value' }],
  'secrets.clear': [{ name: 'graphite.token' }],
  'backends.list': [{}],
  'backends.save': definitions(),
  'backends.remove': [{ id: 'graphite-prod' }],
  'backends.test': definitions(),
  'dashboards.list': [{}],
  'dashboards.save': [
    { dashboard: { id: 'web', title: 'Web', panels: [{ title: 'Requests', targets: ['sumSeries(web.*.requests)'], unit: 'req/s', service: 'web', thresholds: { high: 900 } }] } },
  ],
  'dashboards.remove': [{ id: 'web' }],
  'dashboards.open': [{ dashboardId: 'web', rangeMinutes: 60 }, { dashboardId: null, rangeMinutes: null }],
  'dashboards.import': [{ json: '{"title": "Web", "panels": [{"type": "graph", "targets": [{"target": "web.*.requests"}]}]}' }],
  'backends.status': [{}],
  'graphs.render': [{ targets: ['web.*.requests', 'sumSeries(checkout.*.errors)'], from: T0, until: T0 + HOUR, maxDataPoints: 300 }],
  'graphs.find': [{ query: 'web.*' }],
  'graphs.lastKnown': [{ dashboardId: 'web', spanMs: HOUR }],
  'markers.list': [{ from: T0, until: T0 + HOUR }],
  'flags.list': [{}],
  'flags.flip': [{ key: 'checkout.new-tax-engine', environment: 'production', to: { ...off, enabled: true }, expected: off, reason: 'error rate is up' }],
  'audit.list': [{ limit: 50 }],
  'ramps.list': [{}],
  'ramps.start': [
    {
      key: 'search.autocomplete-v2',
      environment: 'production',
      steps: [1, 5, 25, 50, 100],
      holdSeconds: 300,
      watches: [{ label: 'Error rate · search', targets: ['sumSeries(search.*.errors)'], series: null, high: 2, low: null, unit: '%' }],
      reason: 'release autocomplete v2',
      expected: off,
    },
  ],
  'ramps.stop': [{ id: 'ramp-1', setBack: true }],
  'ramps.resume': [{ id: 'ramp-1' }],
  'logs.sources': [{}],
  'logs.query': [{ sourceIds: ['web-1-app'], filter: { text: 'timeout', mode: 'substring', caseSensitive: false, levels: ['error'] }, until: null, limit: 100 }],
  'logs.around': [{ sourceIds: ['web-1-app', 'checkout-1-app'], at: T0, before: 10, after: 10, filter: null }],
  'logs.volume': [{ sourceIds: ['web-1-app'], from: T0, until: T0 + HOUR, bucketMs: 60_000, filter: null }],
  'demo.drill': [{}],
  'logs.trustHostKey': [{ sourceId: 'web-1-ssh', fingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU' }],
};

function definitions(): unknown[] {
  return [
    { definition: { id: 'graphite-prod', kind: 'graphite', name: 'Graphite (prod)', url: 'http://127.0.0.1:9', auth: { type: 'bearer', tokenSecret: 'graphite.token' } } },
    { definition: { id: 'deploys', kind: 'deploys', type: 'graphite-events', graphite: 'graphite-prod', tags: ['deploy', 'web'] } },
    {
      definition: {
        id: 'flags',
        kind: 'flags',
        type: 'http-json',
        url: 'http://127.0.0.1:9',
        list: { path: '/flags', itemsPath: 'items' },
        environments: [{ name: 'production', enabled: 'state.prod.on', production: true }],
        fields: { key: 'name' },
        flip: { path: '/flags/{key}/{environment}' },
      },
    },
    { definition: { id: 'web-1-ssh', kind: 'logs', type: 'ssh', host: 'web-1', service: 'web', address: '127.0.0.1', username: 'logs', auth: { type: 'agent' }, file: 'app' } },
  ];
}

type Random = ReturnType<typeof seededRandom>;

/** Values of the wrong type, or of the right type and wrong in a way a schema must see. */
const WRONG_VALUES: unknown[] = [
  null, undefined, true, false, 0, -1, 1.5, -0.0001, NaN, Infinity, -Infinity, 2 ** 53, 1e308, -1e308,
  '', ' ', 'x', '0', 'null', '__proto__', '<script>alert(1)</script>', '\u0000', '\uffff', '😀'.repeat(5), 'a'.repeat(5_000),
  [], [null], [[]], {}, { '': 1 }, ['web-1-app', 42],
];
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'name', 'input', 'kind', '\u0000', 'a'.repeat(300)];
const NAMES_THAT_ARE_NOT = [
  '', ' ', 'app', 'app.', '.info', 'app.info ', ' app.info', 'App.Info', 'APP.INFO', 'flags.flipp', 'flags..flip', 'flags.flip.now', 'logs.query\u0000',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', '__defineGetter__', 'x'.repeat(100_000),
  null, undefined, 0, 1, -1, NaN, true, [], ['app.info'], {}, { name: 'app.info' },
];

/**
 * `count` requests the contract must refuse, each a valid example with one to three things broken,
 * or a name that is not a request. About one in twenty is heavy (200,000 items, a megabyte of text,
 * thousands of levels of nesting); each is checked against the contract so none is valid by chance.
 * Made one at a time, so a run never holds more than one heavy request.
 */
export function* malformedRequests(seed: number, count: number): Generator<FuzzRequest> {
  const random = seededRandom(seed);
  for (let made = 0; made < count; ) {
    if (random.next() < 0.08) {
      const name = random.pick(NAMES_THAT_ARE_NOT);
      const input = random.next() < 0.5 ? {} : clone(random.pick(validInputs[random.pick(requestNames)]));
      made++;
      yield { label: `unknown name ${describe(name)}`, name, input, expected: 'unknown_request' };
      continue;
    }
    const name = random.pick(requestNames);
    const broken = breakInput(random, clone(random.pick(validInputs[name])));
    if (!broken || !isRefused(name, broken.input)) continue;
    made++;
    yield { label: `${name}: ${broken.steps.join(', ')}`, name, input: broken.input, expected: 'invalid_input' };
  }
}

/** Refused as the dispatcher gets it, and as it crosses HTTP (where NaN becomes null and undefined disappears). */
function isRefused(name: RequestName, input: unknown): boolean {
  const schema = requests[name].input;
  return !schema.safeParse(input).success && !schema.safeParse(JSON.parse(JSON.stringify(input ?? null))).success;
}

function breakInput(random: Random, input: unknown): { input: unknown; steps: string[] } | null {
  if (random.next() < 0.05) return { input: random.pick([null, undefined, [], 'input', 42, [{}]]), steps: ['the whole input replaced'] };
  const root = { input };
  const steps: string[] = [];
  const times = 1 + random.int(3);
  for (let i = 0; i < times; i++) {
    const spots = placesIn(root);
    const [holder, key, path] = random.pick(spots);
    const roll = random.next();
    if (roll < 0.015) {
      // Small items, so most stay under browser mode's 1 MB body and reach the contract there too.
      holder[key] = Array.from({ length: 200_000 }, () => random.pick([0, 7, {}, 'x']));
      steps.push(`${path} = 200,000 items`);
    } else if (roll < 0.025) {
      holder[key] = 'x'.repeat(random.pick([100_000, 1_100_000]));
      steps.push(`${path} = a huge string`);
    } else if (roll < 0.035) {
      holder[key] = nested(random.pick([500, 2_000]), random.next() < 0.5);
      steps.push(`${path} nested deep`);
    } else if (roll < 0.45) {
      // A copy: a later step may add a key to it, and the shared one would then hold itself.
      holder[key] = clone(random.pick(WRONG_VALUES));
      steps.push(`${path} = ${describe(holder[key])}`);
    } else if (roll < 0.7 && path !== 'input') {
      delete holder[key];
      steps.push(`${path} removed`);
    } else {
      const target = holder[key];
      if (!target || typeof target !== 'object' || Array.isArray(target)) continue;
      const extra = random.pick(NASTY_KEYS);
      // An own key, even `__proto__`, as JSON.parse would make it: never a prototype change.
      Object.defineProperty(target, extra, { value: clone(random.pick(WRONG_VALUES)), enumerable: true, writable: true, configurable: true });
      steps.push(`${path}.${describe(extra)} added`);
    }
  }
  return steps.length ? { input: root.input, steps } : null;
}

/** Every place in the input a value can be put: [the object or array holding it, its key, its path]. */
function placesIn(root: { input: unknown }): [Record<string, unknown>, string, string][] {
  const places: [Record<string, unknown>, string, string][] = [];
  const visit = (holder: Record<string, unknown>, key: string, path: string) => {
    places.push([holder, key, path]);
    const value = holder[key];
    if (value && typeof value === 'object') for (const child of Object.keys(value)) visit(value as Record<string, unknown>, child, `${path}.${child}`);
  };
  visit(root, 'input', 'input');
  return places;
}

function nested(depth: number, asObjects: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = asObjects ? { a: value } : [value];
  return value;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 20 ? `"${value.slice(0, 12)}…" (${value.length} chars)` : JSON.stringify(value);
  if (typeof value === 'number' || value === undefined) return String(value);
  return JSON.stringify(value).slice(0, 30);
}

/** Bodies for POST /api/request that are not a JSON request at all, or that JSON.stringify could not write. */
export function rawBodies(): RawBody[] {
  const notJson = (label: string, body: string | Buffer): RawBody => ({ label, body, status: 400, expected: 'invalid_input' });
  const refused = (label: string, body: string | Buffer, expected: RawBody['expected'] = 'invalid_input'): RawBody => ({ label, body, status: 200, expected });
  const tooLarge = (label: string, body: string): RawBody => ({ label, body, status: 413, expected: 'invalid_input' });
  const deep = (open: string, close: string, depth: number) => `{"name": "dashboards.save", "input": ${open.repeat(depth)}1${close.repeat(depth)}}`;
  return [
    notJson('empty', ''),
    notJson('null', 'null'),
    notJson('an array', '[{"name": "app.info"}]'),
    notJson('a string', '"app.info"'),
    notJson('cut short', '{"name": "app.info", "input": {'),
    notJson('NaN', '{"name": "graphs.render", "input": {"targets": ["a"], "from": NaN, "until": 1, "maxDataPoints": 1}}'),
    notJson('Infinity', '{"name": "audit.list", "input": {"limit": Infinity}}'),
    notJson('a byte-order mark first', '\ufeff{"name": "app.info", "input": {}}'),
    notJson('a raw NUL byte in a string', '{"name": "app.info\u0000", "input": {}}'),
    refused('a number too large for a double', '{"name": "audit.list", "input": {"limit": 1e999}}'),
    refused('not UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 'unknown_request'),
    refused('an escaped NUL in the name', '{"name": "app.info\\u0000", "input": {}}', 'unknown_request'),
    refused('__proto__ carrying the name', '{"__proto__": {"name": "app.info", "input": {}}}', 'unknown_request'),
    refused('__proto__ inside the input', '{"name": "settings.update", "input": {"__proto__": {"role": "viewer"}}}'),
    refused('constructor.prototype inside the input', '{"name": "dashboards.save", "input": {"constructor": {"prototype": {"polluted": true}}}}'),
    refused('the same key twice', '{"name": "audit.list", "input": {"limit": 5, "limit": "five"}}'),
    refused('100,000 nested arrays', deep('[', ']', 100_000)),
    refused('100,000 nested objects', deep('{"a":', '}', 100_000)),
    refused('200,000 invalid panels', `{"name": "dashboards.save", "input": {"dashboard": {"id": "w", "title": "W", "panels": [${Array(200_000).fill('1').join(',')}]}}}`),
    refused('50,000 unknown keys', `{"name": "settings.update", "input": {${Array.from({ length: 50_000 }, (_, i) => `"k${i}": ${i}`).join(',')}}}`),
    tooLarge('just over 1 MB', `{"name": "app.info", "input": {}, "pad": "${'x'.repeat(1 << 20)}"}`),
    tooLarge('8 MB of spaces', ' '.repeat(8 << 20)),
  ];
}

/** A valid request whose pattern a careless matcher would take forever over: any clear answer will do, in time. */
export interface PatternRequest {
  label: string;
  name: 'logs.query' | 'logs.volume' | 'graphs.find';
  /** The request, given the ids of the log sources the core has. */
  input: (sourceIds: string[]) => unknown;
}

const regex = (text: string, name: 'logs.query' | 'logs.volume' = 'logs.query'): PatternRequest => ({
  label: `${name} filtered by /${text.length > 30 ? `${text.slice(0, 30)}…` : text}/`,
  name,
  input: (sourceIds) => {
    const filter = { text, mode: 'regex', caseSensitive: false, levels: [] };
    const now = Date.now();
    return name === 'logs.query' ? { sourceIds, filter, until: null, limit: 1_000 } : { sourceIds, filter, from: now - HOUR, until: now, bucketMs: 60_000 };
  },
});
const glob = (query: string): PatternRequest => ({ label: `graphs.find ${query.length > 30 ? `${query.slice(0, 30)}…` : query}`, name: 'graphs.find', input: () => ({ query }) });

/**
 * Pathological patterns: regexes that backtrack exponentially on a log line, or that cannot be
 * parsed, and globs whose brace expansion explodes (2^24 names). Each must get a clear answer
 * (results or an error code), never stall the core.
 */
export const pathologicalPatterns: PatternRequest[] = [
  regex('('),
  regex('[a-'),
  regex('(?<name'),
  regex('\\'),
  regex('(a+)+$'),
  regex('(a|a)*b', 'logs.volume'),
  regex('x'.repeat(1_000)),
  regex('(.*.*)*x'),
  regex('(.*a){25}'),
  regex('^(\\w+\\s?)*$', 'logs.volume'),
  glob('*'.repeat(1_000)),
  glob('?'.repeat(1_000)),
  glob('[[[[[[[[[['),
  glob('{a,b}'.repeat(8)),
  glob('{{{{{{}}}}}}'),
  glob('*.'.repeat(400)),
  glob('[!'.repeat(300)),
  glob('{a,b}'.repeat(24)),
  glob(`${'{a,b,c,d}'.repeat(12)}.*`),
];
