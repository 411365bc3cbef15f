import { afterEach, describe, expect, it } from 'vitest';

import type { FlagService } from '../../../../src/backends/backend-set';
import { DemoFlagStore, MISBEHAVING_FLAG } from '../../../../src/demo/demo-flags';
import { startUnleashDemoServer } from '../../../../src/demo/unleash-demo-server';
import type { UnleashDemoServer } from '../../../../src/demo/unleash-demo-server';
import { DemoWorld } from '../../../../src/demo/world';
import { NotConfiguredError, NotFoundError } from '../../../../src/errors';
import { FlagConflictError } from '../../../../src/flags/flag-conflict';
import { createUnleashFlagService } from '../../../../src/flags/unleash-flag-service';
import type { UnleashDefinition } from '../../../../src/flags/unleash-flag-service';
import type { Flag, FlagSetting } from '../../../../src/contract/wire-types';
import { freePort } from '../../../support/free-port.mjs';

const TOKEN = '*:*.demo-admin-token';
const VIEWER_TOKEN = 'user:viewer-pat';
const NOW = Date.UTC(2026, 10, 23, 14, 0, 0);
const signal = () => AbortSignal.timeout(10_000);

interface Demo {
  store: DemoFlagStore;
  server: UnleashDemoServer;
  service: FlagService;
  /** Every request the server answered, in order. */
  requests: { method: string; path: string; status: number }[];
}

const servers: UnleashDemoServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface DemoOptions {
  store?: DemoFlagStore;
  token?: string;
  project?: string;
  onRequest?: (requests: Demo['requests']) => void;
}

async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const store = options.store ?? new DemoFlagStore(() => NOW);
  const requests: Demo['requests'] = [];
  const onRequest = (request: Demo['requests'][number]) => {
    requests.push(request);
    options.onRequest?.(requests);
  };
  const server = await startUnleashDemoServer(store, { token: TOKEN, viewerToken: VIEWER_TOKEN, onRequest });
  servers.push(server);
  const service = createUnleashFlagService(definition(server.url, options.project), { reveal: (name) => (name === 'unleash.token' ? (options.token ?? TOKEN) : undefined) });
  return { store, server, service, requests };
}

function definition(url: string, project = 'default'): UnleashDefinition {
  return { id: 'unleash-demo', kind: 'flags', type: 'unleash', url, tokenSecret: 'unleash.token', project };
}

const settingIn = (flag: Flag, env: string): FlagSetting => {
  const { enabled, audience, rolloutPercent } = flag.environments.find((e) => e.name === env)!;
  return { enabled, audience, rolloutPercent };
};

const singleFlagReads = (requests: Demo['requests']) => requests.filter((r) => /\/features\/[^/?]+$/.test(r.path));

describe('Unleash flag service', () => {
  it('lists all 300 flags with their state per environment and rollout percentages', async () => {
    const { store, service } = await startDemo();
    const flags = await service.list(signal());

    expect(flags).toHaveLength(300);
    for (const flag of flags) {
      const stored = store.get(flag.key)!;
      expect(flag.environments.map((e) => [e.name, e.enabled])).toEqual(stored.environments.map((e) => [e.name, e.enabled]));
    }
    const byKey = new Map(flags.map((f) => [f.key, f]));
    const audiences = (key: string) => byKey.get(key)!.environments.map((e) => [e.audience, e.rolloutPercent]);
    expect(byKey.get('feed.ranking-v2')).toMatchObject({ type: 'experiment', tags: ['feed'] });
    expect(audiences('feed.ranking-v2')).toEqual([['percentage', 10], ['percentage', 10]]);
    expect(audiences('admin.staff-tools')).toEqual([['staff', null], ['staff', null]]);
    expect(audiences('images.resizer-dark-launch')).toEqual([['dark', null], ['dark', null]]);
    expect(audiences('search.suggestions-kill-switch')).toEqual([['everyone', null], ['everyone', null]]);
    expect(byKey.get('checkout.kill-tax-engine')).toMatchObject({ type: 'kill-switch', tags: ['checkout', 'incident'], environments: [{ production: false }, { production: true, enabled: false }] });
    expect(flags.filter((f) => f.stale).length).toBeGreaterThan(5);
    expect(byKey.get(MISBEHAVING_FLAG)).toMatchObject({ updatedBy: 'kastner@example.com', updatedAt: NOW - 35 * 60_000 });
  });

  it('polls cheaply: a second list while nothing changed is answered by 304s and reads no single flag', async () => {
    const { service, requests } = await startDemo();
    const first = await service.list(signal());
    expect(singleFlagReads(requests)).toHaveLength(300);

    requests.length = 0;
    const second = await service.list(signal());
    expect(second).toEqual(first);
    expect(requests.map((r) => r.status)).toEqual([304, 304]);
    expect(requests.filter((r) => r.path === '/api/admin/projects/default/features')).toHaveLength(1);
  });

  it('sees a rollout changed by someone else, which leaves the flag list unchanged, and re-reads only that flag', async () => {
    const { store, service, requests } = await startDemo();
    await service.list(signal());
    store.updateRollout('feed.ranking-v2', 'production', 'feed.ranking-v2:production:0', '25', 'snyder@example.com');

    requests.length = 0;
    const flag = (await service.list(signal())).find((f) => f.key === 'feed.ranking-v2')!;
    expect(flag.environments[1]!.rolloutPercent).toBe(25);
    expect(flag.updatedBy).toBe('snyder@example.com');
    expect(singleFlagReads(requests).map((r) => r.path)).toEqual(['/api/admin/projects/default/features/feed.ranking-v2']);
  });

  it('refuses a flip when someone changed the flag since the console loaded it, and writes nothing', async () => {
    const { store, service } = await startDemo();
    const loaded = settingIn((await service.list(signal())).find((f) => f.key === 'feed.ranking-v2')!, 'production');
    store.updateRollout('feed.ranking-v2', 'production', 'feed.ranking-v2:production:0', '40', 'hammond@example.com');
    const events = store.events().length;

    const attempt = service.write({ key: 'feed.ranking-v2', environment: 'production', expected: loaded, to: { ...loaded, enabled: !loaded.enabled } }, signal());
    await expect(attempt).rejects.toBeInstanceOf(FlagConflictError);
    await expect(attempt).rejects.toThrow('feed.ranking-v2 in production was changed by hammond@example.com at 2026-11-23 14:00:00 UTC since you loaded it; it is now');
    expect(store.events()).toHaveLength(events);
  });

  it('changes the audience and the switch, and returns the state Unleash reports afterwards, with who Unleash recorded', async () => {
    const { store, service } = await startDemo();
    const loaded = settingIn((await service.list(signal())).find((f) => f.key === 'feed.ranking-v2')!, 'production');
    for (const to of [
      { enabled: true, audience: 'percentage', rolloutPercent: 40 },
      { enabled: true, audience: 'staff', rolloutPercent: null },
      { enabled: true, audience: 'dark', rolloutPercent: null },
      { enabled: false, audience: 'everyone', rolloutPercent: null },
    ] as const) {
      const expected = settingIn(await service.read('feed.ranking-v2', signal()), 'production');
      const flag = await service.write({ key: 'feed.ranking-v2', environment: 'production', expected, to }, signal());
      expect(settingIn(flag, 'production')).toEqual(to);
    }
    expect(loaded.audience).toBe('percentage');
    expect(store.get('feed.ranking-v2')!.environments[1]!).toMatchObject({ enabled: false, strategies: [{ title: '', constraints: [], parameters: { rollout: '100' } }] });
    expect(await service.read('feed.ranking-v2', signal())).toMatchObject({ updatedBy: 'admin', updatedAt: NOW, tags: ['feed'] });
    expect(service.actor()).toBe('admin');
  });

  it('a write that asks for what is already there writes nothing and keeps the last author', async () => {
    const { store, service } = await startDemo();
    const offBefore = (await service.list(signal())).find((f) => f.environments[1]!.enabled === false && f.updatedBy !== null)!;
    const events = store.events().length;
    const now = settingIn(offBefore, 'production');
    const flag = await service.write({ key: offBefore.key, environment: 'production', expected: now, to: now }, signal());
    expect(settingIn(flag, 'production')).toEqual(now);
    expect(store.events()).toHaveLength(events);
    expect(flag.updatedBy).toBe(offBefore.updatedBy);
  });

  it('lets a read-only token list, and says why its flip was refused without changing anything', async () => {
    const { store, service } = await startDemo({ token: VIEWER_TOKEN });
    const flag = (await service.list(signal())).find((f) => f.key === MISBEHAVING_FLAG)!;
    expect(service.actor()).toBe('viewer@example.com');
    const now = settingIn(flag, 'production');
    const refused = service.write({ key: MISBEHAVING_FLAG, environment: 'production', expected: now, to: { ...now, enabled: false } }, signal());
    // A refusal, not a write whose outcome is unknown: the 403 is found through the errors wrapping it.
    await expect(refused).rejects.toMatchObject({ code: 'forbidden' });
    await expect(refused).rejects.toThrow(/^Unleash at http:\S+ lets this token read flags but not flip "checkout\.new-tax-engine" in production \(403, it lacks UPDATE_FEATURE_ENVIRONMENT\)/);
    expect(store.get(MISBEHAVING_FLAG)!.environments[1]!.enabled).toBe(true);
  });

  it('names the flag when asked to flip one Unleash does not have, and the environment when that is missing', async () => {
    const { service } = await startDemo();
    await service.list(signal());
    const off = { enabled: false, audience: 'everyone', rolloutPercent: null } as const;
    const missingFlag = service.write({ key: 'checkout.nope', environment: 'production', expected: off, to: off }, signal());
    await expect(missingFlag).rejects.toBeInstanceOf(NotFoundError);
    await expect(missingFlag).rejects.toThrow(/no flag "checkout\.nope" in project "default"/);
    await expect(service.write({ key: 'feed.ranking-v2', environment: 'staging', expected: off, to: off }, signal())).rejects.toThrow(
      /no environment "staging" for the flag "feed\.ranking-v2"/,
    );
  });

  it('says the credentials were refused when the token is wrong, and which secret is missing when there is none', async () => {
    const wrong = await startDemo({ token: 'user:wrong' });
    await expect(wrong.service.list(signal())).rejects.toThrow(/refused our credentials \(401\): check its token/);
    const unset = createUnleashFlagService(definition(wrong.server.url), { reveal: () => undefined });
    await expect(unset.list(signal())).rejects.toBeInstanceOf(NotConfiguredError);
    await expect(unset.check(signal())).rejects.toThrow('needs the secret "unleash.token"');
  });

  it('brings checkout’s error rate down a few seconds after the misbehaving flag is turned off', async () => {
    let clock = NOW;
    const world = new DemoWorld(() => clock);
    const { service } = await startDemo({ store: world.flags });
    const now = settingIn((await service.list(signal())).find((f) => f.key === MISBEHAVING_FLAG)!, 'production');
    const before = world.errorRatio('checkout', clock);

    await service.write({ key: MISBEHAVING_FLAG, environment: 'production', expected: now, to: { ...now, enabled: false } }, signal());
    clock += 5_000;
    expect(world.errorRatio('checkout', clock)).toBeLessThan(before - 0.05);
  });

  it('answers "test connection" with the version, the number of flags and the environments', async () => {
    const { service } = await startDemo();
    await expect(service.check(signal())).resolves.toBe('Unleash 8.2.0-demo answered: 300 flags in project default, environments development, production');
    const typo = await startDemo({ project: 'defualt' });
    await expect(typo.service.check(signal())).resolves.toMatch(/project "defualt" has no flags: check the project name/);
  });

  it('says the connection was refused when nothing listens', async () => {
    const port = await freePort();
    const service = createUnleashFlagService(definition(`http://127.0.0.1:${port}`), { reveal: () => TOKEN });
    await expect(service.check(signal())).rejects.toThrow(`Unleash at http://127.0.0.1:${port} refused the connection (is it running?).`);
  });

  it('stops reading flags soon after the caller gives up', async () => {
    const controller = new AbortController();
    const { service, requests } = await startDemo({ onRequest: (so) => singleFlagReads(so).length === 20 && controller.abort() });
    await expect(service.list(controller.signal)).rejects.toThrow(/cancel|abort/i);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The reads already under way (at most 8) may still be answered; no new one starts.
    expect(singleFlagReads(requests).length).toBeLessThanOrEqual(20 + 8);
  });
});

/** A port that was free a moment ago: bound, read, released. */