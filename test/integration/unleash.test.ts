// Our Unleash adapter against a real Unleash 8.2.0 on a private PostgreSQL 15, both started here
// and stopped again (support/real-unleash.ts over backends/unleash-backend.sh), seeded with 300
// flags. Every behaviour goes through the adapter; direct Admin API calls only seed, change things
// behind its back (the "second client"), or confirm what Unleash itself now holds.
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { describe, expect } from 'vitest';

import type { FlagService } from '../../src/backends/backend-set';
import type { Flag, FlagSetting } from '../../src/contract/wire-types';
import { InvalidInputError, NotFoundError } from '../../src/errors';
import { createFlagBackend } from '../../src/flags/create-flag-backend';
import { FlagConflictError } from '../../src/flags/flag-conflict';
import { createUnleashFlagService } from '../../src/flags/unleash-flag-service';
import type { UnleashDefinition } from '../../src/flags/unleash-flag-service';
import { FEATURES, mintViewerToken } from './support/real-unleash';
import type { SeedEnvironment, SeedFlag } from './support/real-unleash';
import { useSeededUnleash } from './support/seeded-unleash';

const signal = () => AbortSignal.timeout(20_000);
const COUNT = 300;
const AREAS = ['checkout', 'search', 'payments', 'profile', 'feed', 'ads', 'mail', 'api', 'mobile', 'infra'];
const TYPES: Flag['type'][] = ['release', 'experiment', 'operational', 'kill-switch', 'permission'];
const nameOf = (i: number) => `${AREAS[i % AREAS.length]}.it-${String(i).padStart(3, '0')}`;

// ── 300 flags with every audience: a quarter roll out to 25 % (every eighth to 50 %), some are
// staff-only (by userGroup as we write it, or by userIds the older way), some dark launches. ──
function audienceOf(i: number): Omit<SeedEnvironment, 'enabled'> {
  if (i % 4 === 0) return { rollout: i % 8 === 0 ? 50 : 25 };
  if (i % 10 === 1) return { staff: ['staff-1', 'staff-2'] };
  if (i % 10 === 3) return { group: 'staff' };
  if (i % 20 === 7) return { dark: true };
  return {};
}
const SEED: SeedFlag[] = Array.from({ length: COUNT }, (_, k) => {
  const i = k + 1;
  const type = TYPES[i % TYPES.length]!;
  return {
    name: nameOf(i),
    type,
    description: `Integration flag #${i}`,
    tags: [AREAS[i % AREAS.length]!, ...(type === 'kill-switch' ? ['incident'] : [])],
    stale: i % 25 === 0,
    environments: { development: { enabled: i % 3 !== 0, ...audienceOf(i) }, production: { enabled: i % 2 === 0, ...audienceOf(i) } },
  };
});

function settingOf(seed: SeedEnvironment): FlagSetting {
  if (seed.rollout !== undefined) return { enabled: seed.enabled, audience: 'percentage', rolloutPercent: seed.rollout };
  if (seed.staff || seed.group) return { enabled: seed.enabled, audience: 'staff', rolloutPercent: null };
  return { enabled: seed.enabled, audience: seed.dark ? 'dark' : 'everyone', rolloutPercent: null };
}
/** What each flag's environments should read as now: the seed plus what the writing tests did (each records it here). */
const expected = new Map(SEED.map((f) => [f.name, new Map(Object.entries(f.environments).map(([env, seed]) => [env, settingOf(seed)]))]));

const real = useSeededUnleash(SEED, startRecordingProxy);
const { live } = real;

const definition = (url: string, project = 'default'): UnleashDefinition => ({ id: 'unleash-it', kind: 'flags', type: 'unleash', url, tokenSecret: 'unleash.token', project });
const secretsWith = (token: string) => ({ reveal: (name: string) => (name === 'unleash.token' ? token : undefined) });

function service({ token = real.unleash.adminToken, project = 'default', viaProxy = false } = {}): FlagService {
  return createUnleashFlagService(definition(viaProxy ? real.proxy.url : real.unleash.url, project), secretsWith(token));
}
const admin = (method: string, apiPath: string, body?: unknown, headers?: Record<string, string>) => real.unleash.admin(method, apiPath, body, headers);
const envOf = (flag: Flag, env: string) => flag.environments.find((e) => e.name === env)!;
const settingIn = (flag: Flag, env: string): FlagSetting => {
  const { enabled, audience, rolloutPercent } = envOf(flag, env);
  return { enabled, audience, rolloutPercent };
};
const singleFlagReads = (requests: readonly RecordedRequest[]) => requests.filter((r) => /\/features\/[^/?]+$/.test(r.path));
async function strategiesIn(key: string, env: string) {
  return (await (await admin('GET', `${FEATURES}/${key}/environments/${env}/strategies`)).json()) as { id: string; title?: string; parameters: Record<string, string>; constraints: unknown[]; variants: { name: string }[] }[];
}

describe('Unleash flag service against a real Unleash 8.2.0 with 300 flags', () => {
  live('lists all 300 flags with type, tags, stale, production, audience and percentage per environment, and who changed them', async () => {
    const started = Date.now();
    const flags = await service().list(signal());

    expect(flags).toHaveLength(COUNT);
    for (const flag of flags) {
      const seeded = SEED.find((f) => f.name === flag.key)!;
      expect({ key: flag.key, type: flag.type, description: flag.description, project: flag.project, stale: flag.stale, tags: [...flag.tags].sort() }).toEqual({
        key: seeded.name,
        type: seeded.type,
        description: seeded.description,
        project: 'default',
        stale: seeded.stale,
        tags: [...seeded.tags!].sort(),
      });
      expect(flag.environments.map((e) => ({ name: e.name, production: e.production, ...settingIn(flag, e.name) })), flag.key).toEqual(
        ['development', 'production'].map((env) => ({ name: env, production: env === 'production', ...expected.get(flag.key)!.get(env)! })),
      );
      expect(flag.updatedBy, flag.key).toBe('admin');
      expect(flag.updatedAt, flag.key).toBeGreaterThan(started - 10 * 60_000);
    }
    const audiences = new Set(flags.flatMap((f) => f.environments.map((e) => e.audience)));
    expect([...audiences].sort()).toEqual(['dark', 'everyone', 'percentage', 'staff']);
    expect(flags.filter((f) => f.stale)).toHaveLength(12);
  }, 60_000);

  live('polls cheaply: a second list while nothing changed is answered by 304s and reads no single flag', async () => {
    const flags = service({ viaProxy: true });
    const first = await flags.list(signal());
    expect(singleFlagReads(real.proxy.requests)).toHaveLength(COUNT);
    real.proxy.requests.length = 0;
    expect(await flags.list(signal())).toEqual(first);
    expect(real.proxy.requests.map((r) => `${r.status} ${r.path.split('?')[0]}`)).toEqual(['304 /api/admin/search/events', `304 ${FEATURES}`]);
  }, 60_000);

  // Each round trip: write through the adapter, and the adapter's own answer, a fresh read and a
  // new list all give the same setting; Unleash holds what an Unleash user would expect to see.
  const roundTrips: [string, string, number, FlagSetting][] = [
    ['turns a flag off', 'production', 4, { enabled: false, audience: 'percentage', rolloutPercent: 25 }],
    ['turns a flag on for everyone', 'production', 5, { enabled: true, audience: 'everyone', rolloutPercent: null }],
    ['rolls a flag out to 25 %', 'production', 6, { enabled: true, audience: 'percentage', rolloutPercent: 25 }],
    ['limits a flag to staff', 'production', 8, { enabled: true, audience: 'staff', rolloutPercent: null }],
    ['dark-launches a flag', 'development', 9, { enabled: true, audience: 'dark', rolloutPercent: null }],
    ['opens a staff-only flag to everyone', 'production', 11, { enabled: true, audience: 'everyone', rolloutPercent: null }],
  ];
  for (const [what, env, i, to] of roundTrips) {
    live(`${what} (${env}) and reads back exactly that setting`, async () => {
      const key = nameOf(i);
      const flags = service();
      const loaded = (await flags.list(signal())).find((f) => f.key === key)!;
      const after = await flags.write({ key, environment: env, expected: settingIn(loaded, env), to }, signal());
      expected.get(key)!.set(env, to);

      expect(settingIn(after, env)).toEqual(to);
      expect(settingIn(await flags.read(key, signal()), env)).toEqual(to);
      expect(settingIn((await service().list(signal())).find((f) => f.key === key)!, env)).toEqual(to);
      const other = env === 'production' ? 'development' : 'production';
      expect(settingIn(after, other)).toEqual(settingIn(loaded, other));
      const direct = (await (await admin('GET', `${FEATURES}/${key}/environments/${env}`)).json()) as { enabled: boolean };
      expect(direct.enabled).toBe(to.enabled);
      const [strategy, ...more] = await strategiesIn(key, env);
      expect(more).toEqual([]);
      if (to.audience === 'staff') expect(strategy!.constraints).toMatchObject([{ contextName: 'userGroup', operator: 'IN', values: ['staff'] }]);
      if (to.audience === 'dark') expect({ title: strategy!.title, variants: strategy!.variants.map((v) => v.name) }).toEqual({ title: 'dark-launch', variants: ['dark'] });
      if (to.audience === 'percentage') expect(strategy!.parameters.rollout).toBe('25');
    });
  }

  live('refuses a flip when a second client changed the flag since the user loaded it, naming who, when and what it is now; nothing is overwritten', async () => {
    const key = nameOf(12); // 25 %, on in production
    const flags = service();
    const loaded = settingIn((await flags.list(signal())).find((f) => f.key === key)!, 'production');
    expect(loaded).toEqual({ enabled: true, audience: 'percentage', rolloutPercent: 25 });

    // The second client, straight to Unleash: 25 % → 60 %.
    const [strategy] = await strategiesIn(key, 'production');
    await admin('PATCH', `${FEATURES}/${key}/environments/production/strategies/${strategy!.id}`, [{ op: 'replace', path: '/parameters/rollout', value: '60' }]);
    expected.get(key)!.set('production', { enabled: true, audience: 'percentage', rolloutPercent: 60 });

    const attempt = flags.write({ key, environment: 'production', expected: loaded, to: { ...loaded, enabled: false } }, signal());
    await expect(attempt).rejects.toBeInstanceOf(FlagConflictError);
    await expect(attempt).rejects.toThrow(new RegExp(`^${key.replace('.', '\\.')} in production was changed by admin at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC since you loaded it; it is now on for 60 % of users\\. Nothing was written`));
    const direct = (await (await admin('GET', `${FEATURES}/${key}/environments/production`)).json()) as { enabled: boolean; strategies: { parameters: { rollout: string } }[] };
    expect({ enabled: direct.enabled, rollout: direct.strategies[0]!.parameters.rollout }).toEqual({ enabled: true, rollout: '60' });
  });

  live('a change that lands between our re-read and our write is refused by the JSON-Patch test, and the other value survives', async () => {
    const key = nameOf(16); // 50 %
    const flags = service({ viaProxy: true });
    const loaded = settingIn((await flags.list(signal())).find((f) => f.key === key)!, 'production');
    const [strategy] = await strategiesIn(key, 'production');
    // The second client writes 70 % the moment our PATCH reaches the proxy, before it is forwarded.
    real.proxy.beforeForward = async (method, path) => {
      if (method !== 'PATCH' || !path.includes(key)) return;
      real.proxy.beforeForward = null;
      await admin('PATCH', `${FEATURES}/${key}/environments/production/strategies/${strategy!.id}`, [{ op: 'replace', path: '/parameters/rollout', value: '70' }]);
    };
    const attempt = flags.write({ key, environment: 'production', expected: loaded, to: { enabled: loaded.enabled, audience: 'percentage', rolloutPercent: 10 } }, signal());
    await expect(attempt).rejects.toBeInstanceOf(FlagConflictError);
    await expect(attempt).rejects.toThrow('it is now on for 70 % of users');
    expected.get(key)!.set('production', { ...loaded, rolloutPercent: 70 });
    expect((await strategiesIn(key, 'production'))[0]!.parameters.rollout).toBe('70');
  });

  live('never sends a rollout over 100 % (Unleash would store 150): refused before any write', async () => {
    const key = nameOf(20);
    const flags = service({ viaProxy: true });
    const loaded = settingIn((await flags.list(signal())).find((f) => f.key === key)!, 'production');
    real.proxy.requests.length = 0;
    await expect(flags.write({ key, environment: 'production', expected: loaded, to: { enabled: true, audience: 'percentage', rolloutPercent: 150 } }, signal())).rejects.toBeInstanceOf(InvalidInputError);
    expect(real.proxy.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect((await strategiesIn(key, 'production'))[0]!.parameters.rollout).toBe(String(loaded.rolloutPercent));
  });

  live('names the flag when Unleash does not have it, and the environment when that is missing', async () => {
    const flags = service();
    const off: FlagSetting = { enabled: false, audience: 'everyone', rolloutPercent: null };
    const missing = flags.write({ key: 'checkout.no-such-flag', environment: 'production', expected: off, to: off }, signal());
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toThrow(`Unleash at ${real.unleash.url} has no flag "checkout.no-such-flag" in project "default": it may have been archived or renamed. Reload the list.`);
    await expect(flags.write({ key: nameOf(2), environment: 'staging', expected: off, to: off }, signal())).rejects.toThrow(`has no environment "staging" for the flag "${nameOf(2)}"`);
  });

  live('says the credentials were refused when the token is wrong', async () => {
    const wrong = service({ token: '*:*.not-the-token' });
    const message = `Unleash at ${real.unleash.url} refused our credentials (401): check its token or password in Settings.`;
    await expect(wrong.list(signal())).rejects.toThrow(message);
    await expect(wrong.check(signal())).rejects.toThrow(message);
  });

  live('sees a rollout changed behind its back on the next list, re-reading only that flag', async () => {
    const key = nameOf(24); // 50 %
    const flags = service({ viaProxy: true });
    expect(envOf((await flags.list(signal())).find((f) => f.key === key)!, 'production').rolloutPercent).toBe(50);
    const [strategy] = await strategiesIn(key, 'production');
    await admin('PATCH', `${FEATURES}/${key}/environments/production/strategies/${strategy!.id}`, [{ op: 'replace', path: '/parameters/rollout', value: '10' }]);
    expected.get(key)!.set('production', { ...expected.get(key)!.get('production')!, rolloutPercent: 10 });

    real.proxy.requests.length = 0;
    const after = (await flags.list(signal())).find((f) => f.key === key)!;
    expect(envOf(after, 'production').rolloutPercent).toBe(10);
    expect(envOf(after, 'development').rolloutPercent).toBe(50);
    expect(singleFlagReads(real.proxy.requests).map((r) => r.path)).toEqual([`${FEATURES}/${key}`]);
  }, 60_000);

  live('knows who it writes as: the admin token by its name, a personal access token by its person; a Viewer’s flip is refused and changes nothing', async () => {
    const flags = service();
    await flags.list(signal());
    expect(flags.actor()).toBe('admin');

    const email = `viewer-${process.pid}@example.com`;
    const pat = { secret: await mintViewerToken(real.unleash, email) };
    const viewer = service({ token: pat.secret });
    expect(await viewer.list(signal())).toHaveLength(COUNT);
    expect(viewer.actor()).toBe(email);
    const key = nameOf(2); // on in production
    const now = settingIn(await viewer.read(key, signal()), 'production');
    await expect(viewer.write({ key, environment: 'production', expected: now, to: { ...now, enabled: false } }, signal())).rejects.toThrow(
      `${real.unleash.url} lets this token read flags but not flip "${nameOf(2)}" in production (403, it lacks UPDATE_FEATURE_ENVIRONMENT): use the personal access token`,
    );
    expect(((await (await admin('GET', `${FEATURES}/${key}/environments/production`)).json()) as { enabled: boolean }).enabled).toBe(true);
  }, 60_000);

  live('shows flips made in Unleash as markers, and leaves out the ones this console made', async () => {
    const from = Date.now() - 1_000;
    const backend = createFlagBackend(definition(real.unleash.url), secretsWith(real.unleash.adminToken));
    const [markers] = backend.markers;
    const elsewhere = nameOf(10); // off in development? whichever: flip it the other way
    const before = settingIn(await backend.flags.read(elsewhere, signal()), 'development');
    await admin('POST', `${FEATURES}/${elsewhere}/environments/development/${before.enabled ? 'off' : 'on'}`);
    expected.get(elsewhere)!.set('development', { ...before, enabled: !before.enabled });
    const ours = nameOf(14);
    const mine = settingIn(await backend.flags.read(ours, signal()), 'development');
    await backend.flags.write({ key: ours, environment: 'development', expected: mine, to: { ...mine, enabled: !mine.enabled } }, signal());
    expected.get(ours)!.set('development', { ...mine, enabled: !mine.enabled });

    const found = await markers!.list(from, Date.now() + 1_000, signal());
    expect(found.map((m) => ({ kind: m.kind, who: m.who, what: m.what, tags: m.tags }))).toEqual([
      { kind: 'flip', who: 'admin', what: `flag ${elsewhere} ${before.enabled ? 'off' : 'on'} in development (in Unleash)`, tags: ['flag', elsewhere, 'development'] },
    ]);
    expect(found[0]!.link).toBe(`${real.unleash.url}/projects/default/features/${elsewhere}`);
  });

  live("reads flip markers as cheaply as the list: each dashboard refresh while Unleash's log is unchanged is answered by 304s", async () => {
    const [markers] = createFlagBackend(definition(real.proxy.url), secretsWith(real.unleash.adminToken)).markers;
    const from = Date.now() - 3_600_000;
    const first = await markers!.list(from, Date.now(), signal());
    real.proxy.requests.length = 0;
    expect(await markers!.list(from, Date.now(), signal())).toEqual(first);
    expect(real.proxy.requests.length).toBeGreaterThan(0);
    expect(real.proxy.requests.map((r) => `${r.status} ${r.path.split('?')[0]}`)).toEqual(real.proxy.requests.map(() => '304 /api/admin/search/events'));
  });

  live('answers "test connection" with the version that answered, the number of flags and the environments', async () => {
    await expect(service().check(signal())).resolves.toBe(`Unleash 8.2.0 answered: ${COUNT} flags in project default, environments development, production`);
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
  /** Runs before a request is forwarded: the "second client" of a race. */
  beforeForward: ((method: string, path: string) => Promise<void>) | null;
  close(): Promise<void>;
}

/** A pass-through to Unleash on 127.0.0.1 that notes each request and its status, and can interleave a second client's write. */
async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const proxy: RecordingProxy = { url: '', requests: [], beforeForward: null, close: async () => undefined };
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const method = incoming.method ?? 'GET';
      void (proxy.beforeForward?.(method, incoming.url ?? '') ?? Promise.resolve()).then(() => {
        const upstream = request(`${target}${incoming.url}`, { method, headers: incoming.headers }, (answer) => {
          proxy.requests.push({ method, path: incoming.url ?? '', status: answer.statusCode ?? 0 });
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        });
        upstream.on('error', (error) => outgoing.writeHead(502).end(String(error)));
        upstream.end(Buffer.concat(chunks));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
