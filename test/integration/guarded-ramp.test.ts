// Guarded ramps against a real Unleash 8.2.0 (support/seeded-unleash.ts) and the in-house HTTP/JSON
// flag service: every step is a real guarded write, confirmed by what the service holds. The
// watched error rate follows the share of users the flag service really holds (read from Unleash's
// Admin API at each look), past its threshold from 25 % on. The test drives the core's clock and
// its watch; nothing waits for a real minute.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { BackendSet, FlagService, MetricsSource } from '../../src/backends/backend-set';
import { createMemorySecretVault } from '../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../src/config/settings';
import { createOpsClient } from '../../src/contract/client';
import type { Ramp, RampWatch } from '../../src/contract/ramp-types';
import type { Series } from '../../src/contract/wire-types';
import { createHttpJsonFlagService } from '../../src/flags/http-json-flag-service';
import { createUnleashFlagService } from '../../src/flags/unleash-flag-service';
import { composeCore } from '../../src/host/compose-core';
import { createInProcessBridge } from '../../src/host/in-process-bridge';
import { createLogger } from '../../src/log';
import { inHouseDefinition, startInHouseFlagService } from './support/in-house-flag-service';
import { FEATURES } from './support/real-unleash';
import type { SeedFlag } from './support/real-unleash';
import { useSeededUnleash } from './support/seeded-unleash';

const STEP = 10_000;
const REASON = 'INC-31 new search ranking to everyone';
const flagsToRamp = ['search.ramp-breach', 'search.ramp-conflict', 'search.ramp-restart'];
const SEED: SeedFlag[] = flagsToRamp.map((name) => ({ name, type: 'release', description: `Ramped by ${name}`, environments: { development: { enabled: false }, production: { enabled: false } } }));
const real = useSeededUnleash(SEED, async () => ({ close: async () => {} }));
const { live } = real;

const watch: RampWatch = { label: 'Search error rate', targets: ['search.error-rate'], series: null, high: 2, low: null, unit: '%' };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Clock {
  now: number;
}

/** What Unleash itself holds for `flag` in production, read straight from its Admin API. */
async function heldByUnleash(flag: string): Promise<{ enabled: boolean; rollouts: string[] }> {
  const env = (await (await real.unleash.admin('GET', `${FEATURES}/${flag}/environments/production`)).json()) as { enabled: boolean; strategies: { parameters?: { rollout?: string } }[] };
  return { enabled: env.enabled, rollouts: env.strategies.map((s) => s.parameters?.rollout ?? '?') };
}

/**
 * A Graphite stand-in for one flag's service: 10 s buckets of an error rate of 0.4 % plus 0.12
 * points per percent of users that really have the flag, as the flag service said at each look.
 */
function errorRateFollowing(readShare: () => Promise<number>, clock: Clock): MetricsSource {
  const shares: { at: number; share: number }[] = [{ at: 0, share: 0 }];
  const shareAt = (at: number) => shares.filter((s) => s.at <= at).at(-1)!.share;
  return {
    id: 'stand-in-graphite',
    kind: 'graphite',
    name: 'Graphite stand-in',
    check: async () => 'stand-in',
    async render({ targets, from, until }) {
      shares.push({ at: clock.now, share: await readShare() });
      const timestamps: number[] = [];
      for (let t = Math.floor(from / STEP) * STEP; t < until; t += STEP) timestamps.push(t);
      return targets.map((target): Series => ({ target, name: target, timestamps, values: timestamps.map((t) => 0.4 + 0.12 * shareAt(t + STEP)) }));
    },
  };
}

async function unleashShare(flag: string): Promise<number> {
  const { enabled, rollouts } = await heldByUnleash(flag);
  return enabled ? Math.max(...rollouts.map(Number), rollouts.length === 0 ? 100 : 0) : 0;
}

/** A real core (composeCore, as every host) over these backends, in `stateDir`, on `clock`, its watch driven by the test. */
function coreOver(flags: FlagService, metrics: MetricsSource, stateDir: string, clock: Clock) {
  const set: BackendSet = { dataSource: 'configured', metrics, markers: [], flags, changes: null, logs: [] };
  const logLines: string[] = [];
  const core = composeCore({
    host: 'in-process',
    version: '0.0.0-it',
    settingsStore: createMemorySettingsStore(),
    secretVault: createMemorySecretVault({ note: 'integration test' }),
    logger: createLogger((line) => logLines.push(line)),
    factory: { build: () => set, check: async () => 'test backends' },
    demo: { backends: [], dashboards: [] },
    stateDir,
    checkOutputs: true,
    now: () => clock.now,
    rampWatchEveryMs: null,
  });
  core.start();
  cleanups.push(() => core.stop());
  const client = createOpsClient(createInProcessBridge(core));
  const ramp = async (id: string) => (await client.request('ramps.list', {})).find((r) => r.id === id)!;
  /** The watch every 5 s of the test's clock, until the ramp is no longer running or `limitMs` has passed. */
  const watchUntilSettled = async (id: string, limitMs = 8 * 60_000): Promise<Ramp> => {
    for (let waited = 0; waited < limitMs && (await ramp(id)).state === 'running'; waited += 5_000) {
      clock.now += 5_000;
      await core.checkRamps();
    }
    return ramp(id);
  };
  return { core, client, ramp, watchUntilSettled, logLines };
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-ramp-it-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function unleashAdapter(): FlagService {
  return createUnleashFlagService(
    { id: 'unleash-it', kind: 'flags', type: 'unleash', url: real.unleash.url, tokenSecret: 'unleash.token', project: 'default' },
    { reveal: (name) => (name === 'unleash.token' ? real.unleash.adminToken : undefined) },
  );
}

async function startRamp(client: ReturnType<typeof coreOver>['client'], key: string, steps: number[]) {
  const { flags } = await client.request('flags.list', {});
  const { enabled, audience, rolloutPercent } = flags.find((f) => f.key === key)!.environments.find((e) => e.name === 'production')!;
  return client.request('ramps.start', { key, environment: 'production', steps, holdSeconds: 60, watches: [watch], reason: REASON, expected: { enabled, audience, rolloutPercent } });
}

describe('a guarded ramp on a real Unleash 8', () => {
  live('goes 1 → 5 → 25 %, stops on the breach at 25 % and sets the rollout back to 5 %: Unleash holds 5 % and its event log each step', async () => {
    const flag = 'search.ramp-breach';
    const clock = { now: Date.now() };
    const { client, watchUntilSettled } = coreOver(unleashAdapter(), errorRateFollowing(() => unleashShare(flag), clock), tempDir(), clock);
    const started = await startRamp(client, flag, [1, 5, 25, 50, 100]);
    expect(started.current).toEqual({ enabled: true, audience: 'percentage', rolloutPercent: 1 });
    expect(await heldByUnleash(flag)).toEqual({ enabled: true, rollouts: ['1'] });

    const ended = await watchUntilSettled(started.id);
    expect(ended.state, ended.status).toBe('stopped');
    expect(ended.status).toMatch(/^Stopped at 25 %: Search error rate 3\.40 %, above 2\.00 %, at .* Set back to on for 5 % of users, as the flag service confirmed\.$/);
    expect(await heldByUnleash(flag)).toEqual({ enabled: true, rollouts: ['5'] });
    // Unleash's own record: the strategy's rollout went 1 → 5 → 25 → 5, by the console's token.
    const query = new URLSearchParams({ feature: `IS:${flag}`, environment: 'IS:production', type: 'IS:feature-strategy-update', limit: '20' });
    const { events } = (await (await real.unleash.admin('GET', `/api/admin/search/events?${query.toString()}`)).json()) as { events: { data: { parameters: { rollout: string } } }[] };
    expect(events.map((e) => e.data.parameters.rollout).reverse()).toEqual(['5', '25', '5']);
    const audit = (await client.request('audit.list', { limit: 10 })).entries.filter((e) => e.key === flag);
    expect(audit.map((e) => [e.outcome, e.after?.rolloutPercent])).toEqual([
      ['confirmed', 5],
      ['confirmed', 25],
      ['confirmed', 5],
      ['confirmed', 1],
    ]);
  }, 60_000);

  live('a change made in Unleash between steps stops it: the next step overwrites nothing', async () => {
    const flag = 'search.ramp-conflict';
    const clock = { now: Date.now() };
    const { client, watchUntilSettled } = coreOver(unleashAdapter(), errorRateFollowing(() => unleashShare(flag), clock), tempDir(), clock);
    const started = await startRamp(client, flag, [1, 5, 25]);
    // Someone sets 10 % in Unleash's own UI (a second client), behind the ramp's back.
    const [strategy] = (await (await real.unleash.admin('GET', `${FEATURES}/${flag}/environments/production/strategies`)).json()) as { id: string }[];
    await real.unleash.admin('PATCH', `${FEATURES}/${flag}/environments/production/strategies/${strategy!.id}`, [{ op: 'replace', path: '/parameters/rollout', value: '10' }]);
    const ended = await watchUntilSettled(started.id);
    expect(ended.state).toBe('stopped');
    expect(ended.status).toMatch(/^Stopped at 1 %\. The next step \(5 %\) met someone else's change: .* it is now on for 10 % of users\. Nothing was written/);
    expect(await heldByUnleash(flag)).toEqual({ enabled: true, rollouts: ['10'] });
  }, 60_000);

  live('after a restart it shows as paused and does not move by itself; resumed, it goes on from the step it was at', async () => {
    const flag = 'search.ramp-restart';
    const clock = { now: Date.now() };
    const stateDir = tempDir();
    const first = coreOver(unleashAdapter(), errorRateFollowing(() => unleashShare(flag), clock), stateDir, clock);
    const started = await startRamp(first.client, flag, [1, 5, 25]);
    await first.core.stop();

    const second = coreOver(unleashAdapter(), errorRateFollowing(() => unleashShare(flag), clock), stateDir, clock);
    const paused = await second.ramp(started.id);
    expect(paused).toMatchObject({ state: 'paused', step: 0, status: expect.stringMatching(/^Paused: the console that ran it \(an in-process core on .*\) stopped.*It does not resume by itself/) as unknown });
    for (let i = 0; i < 30; i++) {
      clock.now += 5_000;
      await second.core.checkRamps();
    }
    expect(await second.ramp(started.id)).toMatchObject({ state: 'paused', step: 0 });
    expect(await heldByUnleash(flag)).toEqual({ enabled: true, rollouts: ['1'] });

    const resumed = await second.client.request('ramps.resume', { id: started.id });
    expect(resumed).toMatchObject({ state: 'running', step: 0 });
    const ended = await second.watchUntilSettled(started.id);
    expect(ended).toMatchObject({ state: 'stopped', current: { rolloutPercent: 5 } });
    expect(await heldByUnleash(flag)).toEqual({ enabled: true, rollouts: ['5'] });
  }, 60_000);
});

describe('a guarded ramp on the in-house flag service (percentages mapped)', () => {
  it('writes each share through its flip endpoint and is done at 100 %; without a percentage mapped it refuses before writing', async () => {
    const service = await startInHouseFlagService([
      { name: 'checkout_new_cart', kind: 'release', notes: 'New cart', labels: ['checkout'], retired: false, state: { prod: { on: true, percent: 10 }, dev: { on: true, percent: 100 } }, modified: { at: 0, by: 'mia' } },
    ]);
    cleanups.push(() => service.close());
    const clock = { now: Date.now() };
    const secrets = { reveal: (name: string) => (name === 'flags.token' ? service.token : undefined) };
    const adapter = createHttpJsonFlagService(inHouseDefinition(service), secrets);
    // Healthy at any share: the hold is the only thing between steps.
    const healthy = errorRateFollowing(async () => 0, clock);
    const { client, watchUntilSettled } = coreOver(adapter, healthy, tempDir(), clock);
    const started = await startRamp(client, 'checkout_new_cart', [5, 25, 50, 100]);
    // 5 % is below the 10 % it has: the ramp starts at 25 %.
    expect(started).toMatchObject({ step: 1, current: { enabled: true, audience: 'percentage', rolloutPercent: 25 } });
    expect(service.flags.get('checkout_new_cart')!.state.prod).toEqual({ on: true, percent: 25 });
    const done = await watchUntilSettled(started.id);
    expect(done).toMatchObject({ state: 'done', current: { enabled: true, audience: 'everyone' } });
    expect(service.flags.get('checkout_new_cart')!.state.prod).toEqual({ on: true, percent: 100 });
    expect(service.requests.filter((r) => r.method === 'PUT').map((r) => (r.body as { percent: number }).percent)).toEqual([25, 50, 100]);

    // The same service mapped without a percentage for production: refused by the adapter, nothing sent.
    const onOff = inHouseDefinition(service);
    onOff.environments = onOff.environments.map(({ rolloutPercent, ...e }) => (e.name === 'production' ? e : { ...e, rolloutPercent }));
    service.flags.get('checkout_new_cart')!.state.prod = { on: false, percent: 0 };
    const other = coreOver(createHttpJsonFlagService(onOff, secrets), healthy, tempDir(), clock);
    const puts = service.requests.filter((r) => r.method === 'PUT').length;
    const refused = await startRamp(other.client, 'checkout_new_cart', [5, 100]).catch((e: unknown) => e as { code: string; message: string });
    expect(refused).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/no rollout percentage configured for production/) as unknown });
    expect(service.requests.filter((r) => r.method === 'PUT')).toHaveLength(puts);
    expect(await other.client.request('ramps.list', {})).toEqual([]);
  });
});
