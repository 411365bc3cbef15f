// Our Unleash adapter against a real Unleash 8.2.0 on a private PostgreSQL 15, both started here
// and stopped again (test/integration/backends/unleash-backend.sh). Every behaviour goes through
// createUnleashFlagService; direct Admin API calls only seed, change things behind its back, or
// confirm what Unleash itself now holds. Needs `apt-get install -y postgresql` and
// `node test/integration/backends/unleash-provision.mjs`: without them beforeAll fails, naming them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FlagService } from '../../src/backends/backend-set';
import type { FlagServiceDefinition } from '../../src/contract/backend-definitions';
import type { Flag } from '../../src/contract/wire-types';
import { NotFoundError } from '../../src/errors';
import { createUnleashFlagService } from '../../src/flags/unleash-flag-service';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'backends', 'unleash-backend.sh');
const ENVIRONMENTS = ['development', 'production'] as const;
type Environment = (typeof ENVIRONMENTS)[number];
const signal = () => AbortSignal.timeout(10_000);

// ── What is seeded: 20 flags over five areas and all five types. Development is on for two in
// three, production for one in two; every fourth flag rolls out to 25 % (every eighth to 50 %),
// two are staff-only (100 % for userIds staff-1/staff-2, which is not a percentage). ────────────
interface SeedEnvironment {
  enabled: boolean;
  rollout?: number;
  staff?: string[];
}
interface SeedFlag {
  name: string;
  type: Flag['type'];
  description: string;
  environments: Record<Environment, SeedEnvironment>;
}

const AREAS = ['checkout', 'search', 'payments', 'profile', 'feed'];
const TYPES: Flag['type'][] = ['release', 'experiment', 'operational', 'kill-switch', 'permission'];
const nameOf = (i: number) => `${AREAS[i % AREAS.length]}.it-${String(i).padStart(2, '0')}`;

const SEED: SeedFlag[] = Array.from({ length: 20 }, (_, k) => {
  const i = k + 1;
  const strategy = i % 4 === 0 ? { rollout: i % 8 === 0 ? 50 : 25 } : i % 10 === 1 ? { staff: ['staff-1', 'staff-2'] } : {};
  return {
    name: nameOf(i),
    type: TYPES[i % TYPES.length]!,
    description: `Integration flag #${i}`,
    environments: { development: { enabled: i % 3 !== 0, ...strategy }, production: { enabled: i % 2 === 0, ...strategy } },
  };
});

/**
 * What each flag should look like now, per environment: the seed, plus what the tests below wrote
 * (each test that writes records it here), so the listing test holds in any order.
 */
const expected = new Map(
  SEED.map((f) => [f.name, new Map(ENVIRONMENTS.map((env) => [env, { enabled: f.environments[env].enabled, rolloutPercent: f.environments[env].rollout ?? null }]))]),
);

// Flags the writing tests use, each its own, chosen for what it has.
const FLIP_OFF = nameOf(4); // 25 % rollout, on in production
const FLIP_ON = nameOf(3); // off everywhere, no strategy: turning it on makes Unleash add one
const ROLLOUT_CHANGED = nameOf(16); // 50 % rollout

// ── The backend ───────────────────────────────────────────────────────────────────────────────
const ADMIN_TOKEN = `*:*.ops-console-it-${process.pid}-${Date.now()}`;
let stateDir: string | undefined;
let scriptEnv: NodeJS.ProcessEnv = {};
let unleashUrl = '';
let proxy: RecordingProxy | undefined;
/** Why the backend could not be started: every test then fails with it (a failing beforeAll would only mark them skipped). */
let setupError: Error | undefined;

async function backend(command: 'start' | 'stop' | 'seed', timeoutMs: number): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('bash', [SCRIPT, command], { env: scriptEnv, timeout: timeoutMs });
    return stdout.trim();
  } catch (error) {
    const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`unleash-backend.sh ${command} failed: ${(stderr || stdout || message).trim()}`, { cause: error });
  }
}

beforeAll(async () => {
  try {
    await startBackend();
  } catch (error) {
    setupError = error instanceof Error ? error : new Error(String(error));
  }
}, 180_000);

async function startBackend() {
  const [unleashPort, pgPort] = await freePorts(2);
  stateDir = mkdtempSync(path.join(tmpdir(), 'ops-console-unleash-'));
  unleashUrl = `http://127.0.0.1:${unleashPort}`;
  scriptEnv = {
    ...process.env,
    UNLEASH_STATE_DIR: stateDir,
    UNLEASH_PORT: String(unleashPort),
    UNLEASH_PG_PORT: String(pgPort),
    UNLEASH_ADMIN_TOKEN: ADMIN_TOKEN,
    // /ready within this many seconds, or start fails with Unleash's log (measured: 3–6 s on a fresh dir).
    UNLEASH_READY_TIMEOUT: '120',
    // Should this process die without afterAll, the script's watchdog stops both servers and removes the dir.
    UNLEASH_WATCH_PID: String(process.pid),
    UNLEASH_WATCH_CLEANUP: '1',
  };
  const started = Date.now();
  console.log(await backend('start', 150_000));
  const seedFile = path.join(stateDir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(SEED));
  scriptEnv.UNLEASH_SEED_FILE = seedFile;
  console.log(await backend('seed', 30_000));
  console.log(`Unleash started and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  proxy = await startRecordingProxy(unleashUrl);
}

afterAll(async () => {
  try {
    await proxy?.close();
    if (stateDir) console.log(await backend('stop', 60_000));
  } finally {
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }
}, 90_000);

/** A test that needs the running backend: fails with the reason when it could not be started. */
function live(name: string, test: () => Promise<void>) {
  it(name, async () => {
    if (setupError) throw setupError;
    await test();
  });
}

// ── Helpers ───────────────────────────────────────────────────────────────────────────────────
function definition(url: string, project = 'default'): FlagServiceDefinition {
  return { id: 'unleash-it', kind: 'flags', type: 'unleash', url, tokenSecret: 'unleash.token', project };
}

/** Our adapter, as the console builds it; `viaProxy` routes it through the recorder to see its requests. */
function service({ token = ADMIN_TOKEN, project = 'default', viaProxy = false } = {}): FlagService {
  return createUnleashFlagService(definition(viaProxy ? proxy!.url : unleashUrl, project), { reveal: (name) => (name === 'unleash.token' ? token : undefined) });
}

/** A call straight to Unleash's Admin API, bypassing the adapter. */
async function admin(method: string, apiPath: string, body?: unknown, headers: Record<string, string> = { Authorization: ADMIN_TOKEN }): Promise<Response> {
  const response = await fetch(unleashUrl + apiPath, {
    method,
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: signal(),
  });
  if (!response.ok) throw new Error(`${method} ${apiPath} -> ${response.status} ${await response.text()}`);
  return response;
}

const FEATURES = '/api/admin/projects/default/features';
const environmentOf = (flag: Flag, env: Environment) => flag.environments.find((e) => e.name === env)!;
const singleFlagReads = (requests: readonly RecordedRequest[]) => requests.filter((r) => /\/features\/[^/?]+$/.test(r.path));

// ── The behaviours ────────────────────────────────────────────────────────────────────────────
describe('Unleash flag service against a real Unleash 8.2.0', () => {
  live('lists every flag with its state per environment, its rollout percentage, and who changed it last', async () => {
    const started = Date.now();
    const flags = await service().list(signal());

    expect(flags.map((f) => f.key).sort()).toEqual(SEED.map((f) => f.name).sort());
    for (const flag of flags) {
      const seeded = SEED.find((f) => f.name === flag.key)!;
      expect({ key: flag.key, type: flag.type, description: flag.description }).toEqual({ key: seeded.name, type: seeded.type, description: seeded.description });
      expect(flag.environments, flag.key).toEqual(ENVIRONMENTS.map((env) => ({ name: env, ...expected.get(flag.key)!.get(env)! })));
      // Everything here was written with the INIT admin token, which Unleash records by its name.
      expect(flag.updatedBy, flag.key).toBe('admin');
      expect(flag.updatedAt, flag.key).toBeGreaterThan(started - 10 * 60_000);
    }
    // The seed's variety really arrived: percentages, staff-only (not a percentage), on and off.
    const percents = flags.flatMap((f) => f.environments.map((e) => e.rolloutPercent));
    expect(percents).toContain(25);
    expect(percents).toContain(null);
    expect(environmentOf(flags.find((f) => f.key === nameOf(1))!, 'development')).toEqual({ name: 'development', enabled: true, rolloutPercent: null });
  });

  live('polls cheaply: a second list while nothing changed is answered by 304s and reads no single flag', async () => {
    const flags = service({ viaProxy: true });
    const first = await flags.list(signal());
    expect(singleFlagReads(proxy!.requests)).toHaveLength(SEED.length);

    proxy!.requests.length = 0;
    const second = await flags.list(signal());
    expect(second).toEqual(first);
    expect(proxy!.requests.map((r) => `${r.status} ${r.path.split('?')[0]}`)).toEqual(['304 /api/admin/search/events', `304 ${FEATURES}`]);
  });

  live('turns a flag off and returns the state Unleash reads back, leaving the other environment alone', async () => {
    const flags = service();
    const before = (await flags.list(signal())).find((f) => f.key === FLIP_OFF)!;
    expect(environmentOf(before, 'production')).toEqual({ name: 'production', enabled: true, rolloutPercent: 25 });

    const after = await flags.setEnabled({ key: FLIP_OFF, environment: 'production', enabled: false }, signal());
    expected.get(FLIP_OFF)!.get('production')!.enabled = false;

    expect(environmentOf(after, 'production')).toEqual({ name: 'production', enabled: false, rolloutPercent: 25 });
    expect(environmentOf(after, 'development')).toEqual(environmentOf(before, 'development'));
    // What Unleash itself now holds, asked directly.
    const direct = (await (await admin('GET', `${FEATURES}/${FLIP_OFF}/environments/production`)).json()) as { enabled: boolean };
    expect(direct.enabled).toBe(false);
    // And the next list agrees.
    expect(environmentOf((await flags.list(signal())).find((f) => f.key === FLIP_OFF)!, 'production').enabled).toBe(false);
  });

  live('leaves the flip in Unleash’s event log under the token’s name, and says so', async () => {
    const flags = service();
    await flags.list(signal());
    const flippedAt = Date.now();

    const after = await flags.setEnabled({ key: FLIP_ON, environment: 'production', enabled: true }, signal());
    // Turning on an environment without strategies makes Unleash add "everyone" (100 %): no percentage.
    expected.get(FLIP_ON)!.set('production', { enabled: true, rolloutPercent: null });

    expect(environmentOf(after, 'production')).toEqual({ name: 'production', enabled: true, rolloutPercent: null });
    const query = new URLSearchParams({ feature: `IS:${FLIP_ON}`, environment: 'IS:production', type: 'IS:feature-environment-enabled', limit: '10' });
    const { events } = (await (await admin('GET', `/api/admin/search/events?${query.toString()}`)).json()) as { events: { createdBy: string; createdAt: string }[] };
    expect(events).toHaveLength(1);
    expect(events[0]!.createdBy).toBe('admin');
    expect(Date.parse(events[0]!.createdAt)).toBeGreaterThanOrEqual(flippedAt - 5_000);
    // The adapter reports the same author and time, and learnt whom Unleash records for its writes.
    expect(after).toMatchObject({ updatedBy: 'admin', updatedAt: Date.parse(events[0]!.createdAt) });
    expect(flags.actor()).toBe('admin');
  });

  live('names the flag when asked to flip one Unleash does not have, and the environment when that is missing', async () => {
    const flags = service();
    await flags.list(signal());
    const missing = flags.setEnabled({ key: 'checkout.no-such-flag', environment: 'production', enabled: false }, signal());
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toThrow(`Unleash at ${unleashUrl} has no flag "checkout.no-such-flag" in project "default": it may have been archived or renamed. Reload the list.`);
    await expect(flags.setEnabled({ key: FLIP_OFF, environment: 'staging', enabled: false }, signal())).rejects.toThrow(
      new RegExp(`has no environment "staging" for the flag "${FLIP_OFF.replace('.', '\\.')}"`),
    );
  });

  live('says the credentials were refused when the token is wrong', async () => {
    const wrong = service({ token: '*:*.not-the-token' });
    const message = `Unleash at ${unleashUrl} refused our credentials (401): check its token or password in Settings.`;
    await expect(wrong.list(signal())).rejects.toThrow(message);
    await expect(wrong.check(signal())).rejects.toThrow(message);
    await expect(wrong.setEnabled({ key: FLIP_OFF, environment: 'development', enabled: false }, signal())).rejects.toThrow(message);
  });

  live('sees a rollout changed behind its back on the next list, re-reading only that flag', async () => {
    const flags = service({ viaProxy: true });
    const before = (await flags.list(signal())).find((f) => f.key === ROLLOUT_CHANGED)!;
    expect(environmentOf(before, 'production').rolloutPercent).toBe(50);

    // Someone edits the rollout in Unleash's UI: the flag list stays byte-identical (its ETag too).
    const strategiesPath = `${FEATURES}/${ROLLOUT_CHANGED}/environments/production/strategies`;
    const [strategy] = (await (await admin('GET', strategiesPath)).json()) as { id: string }[];
    await admin('PATCH', `${strategiesPath}/${strategy!.id}`, [{ op: 'replace', path: '/parameters/rollout', value: '10' }]);
    expected.get(ROLLOUT_CHANGED)!.get('production')!.rolloutPercent = 10;

    proxy!.requests.length = 0;
    const after = (await flags.list(signal())).find((f) => f.key === ROLLOUT_CHANGED)!;
    expect(environmentOf(after, 'production').rolloutPercent).toBe(10);
    expect(environmentOf(after, 'development').rolloutPercent).toBe(50);
    expect(after.updatedBy).toBe('admin');
    expect(singleFlagReads(proxy!.requests).map((r) => r.path)).toEqual([`${FEATURES}/${ROLLOUT_CHANGED}`]);
  });

  live('lets a Viewer’s personal access token list, and says why its flip was refused without changing anything', async () => {
    const email = `viewer-${process.pid}@example.com`;
    const password = 'Viewer-Passw0rd!x';
    await admin('POST', '/api/admin/user-admin', { email, name: 'Vi Viewer', rootRole: 3, password, sendEmail: false });
    // Setup only: once in CI a token request right after a fresh login was answered 401 (no
    // session); the cause is not known yet, so the login and the token request are tried up to
    // three times. The assertions below are untouched.
    const mintToken = async () => {
      const login = await admin('POST', '/auth/simple/login', { username: email, password }, {});
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      return (await (await admin('POST', '/api/admin/user/tokens', { description: 'integration test', expiresAt: '2099-01-01T00:00:00Z' }, { Cookie: cookie })).json()) as { secret: string };
    };
    const pat = await mintToken().catch(mintToken).catch(mintToken);

    const viewer = service({ token: pat.secret });
    expect(await viewer.list(signal())).toHaveLength(SEED.length);
    const target = nameOf(2); // on in production
    await expect(viewer.setEnabled({ key: target, environment: 'production', enabled: false }, signal())).rejects.toThrow(
      `Unleash at ${unleashUrl} lets this token read flags but not flip "${target}" in production (403, it lacks UPDATE_FEATURE_ENVIRONMENT): use the personal access token of an Editor or an admin token in Settings.`,
    );
    const direct = (await (await admin('GET', `${FEATURES}/${target}/environments/production`)).json()) as { enabled: boolean };
    expect(direct.enabled).toBe(true);
  });

  live('answers "test connection" with the version that answered, the number of flags and the environments', async () => {
    await expect(service().check(signal())).resolves.toBe(`Unleash 8.2.0 answered: ${SEED.length} flags in project default, environments development, production`);
    await expect(service({ project: 'defualt' }).check(signal())).resolves.toBe(
      'Unleash 8.2.0 answered, but project "defualt" has no flags: check the project name (Unleash lists an unknown project as empty).',
    );
  });
});

// ── Support ───────────────────────────────────────────────────────────────────────────────────
interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

interface RecordingProxy {
  url: string;
  /** Every request answered, in order; tests empty it to look at one step. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A pass-through to Unleash on 127.0.0.1 that notes each request and its status, to see what the adapter asks. */
async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const upstream = request(`${target}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
      requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '', status: answer.statusCode ?? 0 });
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', (error) => {
      outgoing.writeHead(502).end(String(error));
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Ports that were free a moment ago: all bound at once (so they differ), read, released. */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
