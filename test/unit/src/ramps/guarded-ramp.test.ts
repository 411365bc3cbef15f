import { afterEach, describe, expect, it } from 'vitest';

import { createMemorySettingsStore } from '../../../../src/config/settings';
import type { ApiError } from '../../../../src/contract/api-error';
import type { Ramp, RampWatch } from '../../../../src/contract/ramp-types';
import { RENDER_MAX_TARGETS } from '../../../../src/contract/render-chunks';
import { demoDashboards } from '../../../../src/demo/demo-dashboards';
import { RAMPED_RELEASE } from '../../../../src/demo/demo-flags';
import { startFlagWorld } from '../service/flag-test-world';

// Guarded ramps in a real core on the demo world (the real Unleash and Graphite adapters over
// loopback), on one clock the test drives: the demo's release breaks search from 25 % on.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const REASON = 'INC-12 autocomplete v2 to everyone';
const panel = (title: string) => demoDashboards[0]!.panels.find((p) => p.title === title)!;
/** The defaults the UI offers for a search flag: search's series of the panels with thresholds. */
const searchWatches: RampWatch[] = [
  { label: 'Error rate · search', targets: panel('Error rate').targets, series: 'search', high: 2, low: null, unit: '%' },
  { label: 'Latency p95 · search', targets: panel('Latency p95').targets, series: 'search', high: 400, low: null, unit: 'ms' },
];

async function rampWorld(options: Parameters<typeof startFlagWorld>[0] = {}) {
  const clock = { now: Date.now() };
  const w = await startFlagWorld({ now: () => clock.now, rampWatchEveryMs: null, ...options });
  cleanups.push(w.stop);
  const start = async (steps = [1, 5, 25, 50, 100], watches = searchWatches) =>
    w.client.request('ramps.start', { key: RAMPED_RELEASE, environment: 'production', steps, holdSeconds: 60, watches, reason: REASON, expected: await w.setting(RAMPED_RELEASE) });
  const ramp = async (id: string) => (await w.client.request('ramps.list', {})).find((r) => r.id === id)!;
  /** Moves the clock in 5 s looks (the ticker's) until the ramp is no longer running, or `limitMs` has passed. */
  const watchUntilSettled = async (id: string, limitMs = 10 * 60_000) => {
    for (let waited = 0; waited < limitMs && (await ramp(id)).state === 'running'; waited += 5_000) {
      clock.now += 5_000;
      await w.core.checkRamps();
    }
    return ramp(id);
  };
  return { ...w, clock, start, ramp, watchUntilSettled };
}

const pct = (rolloutPercent: number) => ({ enabled: true, audience: 'percentage', rolloutPercent });

describe('a guarded ramp of the demo release', () => {
  it('goes 1 → 5 → 25 %, holding each a minute, stops itself on the breach at 25 % and sets it back to 5 %; every step audited and marked', async () => {
    const w = await rampWorld();
    const started = await w.start();
    expect(started).toMatchObject({ state: 'running', step: 0, current: pct(1), lastGood: { enabled: false } });
    expect(await w.setting(RAMPED_RELEASE)).toEqual(pct(1));

    const ended = await w.watchUntilSettled(started.id);
    expect(ended.state, ended.status).toBe('stopped');
    expect(ended.step).toBe(2);
    expect(ended.current).toEqual(pct(5));
    expect(ended.status).toMatch(/^Stopped at 25 %: Error rate · search \d+\.\d\d %, above 2\.00 %, at \d\d:\d\d:\d\d UTC\. Set back to on for 5 % of users/);
    expect(ended.history.map((h) => h.kind)).toEqual(['step', 'held', 'step', 'held', 'step', 'breach', 'set-back']);
    // Each step held its minute before the next was written.
    const steps = ended.history.filter((h) => h.kind === 'step').map((h) => h.at);
    expect(steps[1]! - steps[0]!).toBeGreaterThanOrEqual(60_000);
    expect(steps[2]! - steps[1]!).toBeGreaterThanOrEqual(60_000);
    // What Unleash (the demo's) holds now, read fresh.
    expect(await w.setting(RAMPED_RELEASE)).toEqual(pct(5));

    // Every write is a confirmed flip in the audit log, with the ramp's one reason and its step.
    const audited = (await w.audit()).filter((e) => e.key === RAMPED_RELEASE).reverse();
    expect(audited.map((e) => [e.outcome, e.after?.rolloutPercent])).toEqual([
      ['confirmed', 1],
      ['confirmed', 5],
      ['confirmed', 25],
      ['confirmed', 5],
    ]);
    expect(audited[2]!.reason).toMatch(new RegExp(`^guarded ramp step 3 of 5 \\(1 → 5 → 25 → 50 → 100 %\\), run by .+ on an in-process core on .+ \\(pid \\d+\\): ${REASON}$`));
    expect(audited[3]!.reason).toMatch(/^guarded ramp stopped at 25 % \(Error rate · search .*\); set back to on for 5 % of users: /);
    // Drawn as flip markers on every graph, saying it is a guarded-ramp step and who runs it.
    const markers = w.events('markers.added').flatMap((p) => p.markers).filter((m) => m.tags.includes(RAMPED_RELEASE));
    expect(markers.slice(0, 3).map((m) => m.what.replace(/, run by .*/, ''))).toEqual([
      `flag ${RAMPED_RELEASE} off → on for 1 % of users in production: guarded ramp step 1 of 5 (1 → 5 → 25 → 50 → 100 %)`,
      `flag ${RAMPED_RELEASE} on for 1 % of users → on for 5 % of users in production: guarded ramp step 2 of 5 (1 → 5 → 25 → 50 → 100 %)`,
      `flag ${RAMPED_RELEASE} on for 5 % of users → on for 25 % of users in production: guarded ramp step 3 of 5 (1 → 5 → 25 → 50 → 100 %)`,
    ]);
    expect(markers[3]!.what).toMatch(/on for 25 % of users → on for 5 % of users in production: guarded ramp stopped at 25 % \(Error rate · search [\d.]+ %, above 2\.00 %/);
    expect(markers).toHaveLength(4);
    // Every window heard each move.
    expect(w.events('ramps.changed').at(-1)!.ramp).toEqual(ended);
  });

  it('a change someone else made between steps stops it: the next step overwrites nothing', async () => {
    const w = await rampWorld();
    // Turned off, the release no longer holds search's deploys back (see DemoWorld.errorRatio): one
    // of them going wrong during the hold would be a breach, a story of its own. This one is the conflict.
    w.demo.world.keepCalm('search', w.clock.now - 10 * 60_000, w.clock.now + 60 * 60_000);
    const started = await w.start();
    // Another client turns it off in Unleash behind the console's back.
    expect(w.demo.world.flags.setEnabled(RAMPED_RELEASE, 'production', false, 'snyder@example.com')).toBe('changed');
    const ended = await w.watchUntilSettled(started.id);
    expect(ended.state).toBe('stopped');
    expect(ended.status).toMatch(/^Stopped at 1 %\. The next step \(5 %\) met someone else's change: .*changed by snyder@example\.com.*it is now off\. Nothing was written/);
    expect(ended.history.at(-1)!.kind).toBe('conflict');
    expect((await w.setting(RAMPED_RELEASE)).enabled).toBe(false);
    expect((await w.audit())[0]).toMatchObject({ outcome: 'conflict', key: RAMPED_RELEASE });
  });

  it('a breach whose set-back meets someone else’s change stops it, says so and overwrites nothing', async () => {
    const w = await rampWorld();
    const started = await w.start([25, 50]);
    // At 25 % someone moves the rollout to 30 % in Unleash before the console sets it back.
    const strategy = w.demo.world.flags.get(RAMPED_RELEASE)!.environments.find((e) => e.name === 'production')!.strategies[0]!;
    w.demo.world.flags.updateRollout(RAMPED_RELEASE, 'production', strategy.id, '30', 'snyder@example.com');
    const ended = await w.watchUntilSettled(started.id);
    expect(ended.state).toBe('stopped');
    expect(ended.status).toMatch(/^Stopped at 25 %: Error rate · search .*\. Setting it back to off met someone else's change: .*it is now on for 30 % of users\. Nothing was written/);
    expect(await w.setting(RAMPED_RELEASE)).toEqual(pct(30));
  });

  it('watching a panel of 25 targets (wider than one render), it starts, judges all 25 series and stops on the breach of the last', async () => {
    const renders: number[] = [];
    const w = await rampWorld({
      wrap: (set) => ({ ...set, metrics: set.metrics && { ...set.metrics, render: (query, signal) => (renders.push(query.targets.length), set.metrics!.render(query, signal)) } }),
    });
    const searchErrors = 'asPercent(sumSeries(search.*.errors), sumSeries(search.*.requests))';
    // Twenty-four flat lines, and search's error rate last: in the second batch.
    const targets = [...Array.from({ length: 24 }, (_, i) => `alias(scale(${searchErrors}, 0), "flat-${String(i + 1).padStart(2, '0')}")`), `alias(${searchErrors}, "search")`];
    const wide: RampWatch = { label: 'Search, wide', targets, series: null, high: 2, low: null, unit: '%' };
    const started = await w.start([5, 25], [wide]);
    expect(started.watches[0]!.targets).toHaveLength(25);

    const ended = await w.watchUntilSettled(started.id);
    expect(ended.history.map((h) => h.kind)).toEqual(['step', 'held', 'step', 'breach', 'set-back']);
    expect(ended.status).toMatch(/^Stopped at 25 %: Search, wide · search \d+\.\d\d %, above 2\.00 %/);
    expect(ended.readings.map((r) => r.label)).toEqual(targets.map((_, i) => `Search, wide · ${i < 24 ? `flat-${String(i + 1).padStart(2, '0')}` : 'search'}`));
    expect(ended.readings.filter((r) => r.value !== null)).toHaveLength(25);
    expect(await w.setting(RAMPED_RELEASE)).toEqual(pct(5));
    // Graphite was asked in batches the size of a graphs.render, never for all 25 in one GET.
    expect(renders.length).toBeGreaterThan(0);
    expect(Math.max(...renders)).toBe(RENDER_MAX_TARGETS);
  });

  it('no data from a watched series holds it, then stops it where it is', async () => {
    const w = await rampWorld();
    const nothing: RampWatch = { label: 'Nowhere', targets: ['nowhere.at.all'], series: null, high: 1, low: null, unit: '' };
    const started = await w.start([1, 5], [nothing]);
    w.clock.now += 35_000;
    await w.core.checkRamps();
    expect(await w.ramp(started.id)).toMatchObject({ state: 'running', status: expect.stringMatching(/^Waiting at 1 %: no data from Nowhere/) as unknown });
    const ended = await w.watchUntilSettled(started.id);
    expect(ended).toMatchObject({ state: 'stopped', step: 0, current: pct(1) });
    expect(ended.status).toMatch(/^Stopped at 1 %: no data from Nowhere .* The rollout stays on for 1 % of users/);
    expect(await w.setting(RAMPED_RELEASE)).toEqual(pct(1));
  });

  it('is refused to a viewer, and over a flag changed since it was looked at; nothing is written', async () => {
    const viewer = await rampWorld({ settingsStore: createMemorySettingsStore({ role: 'viewer' }) });
    const refused = (await viewer.start().catch((e: unknown) => e)) as ApiError;
    expect(refused.code).toBe('forbidden');
    expect((await viewer.setting(RAMPED_RELEASE)).enabled).toBe(false);

    const w = await rampWorld();
    const stale = await w.setting(RAMPED_RELEASE);
    w.demo.world.flags.setEnabled(RAMPED_RELEASE, 'production', true, 'snyder@example.com');
    const conflict = (await w.client
      .request('ramps.start', { key: RAMPED_RELEASE, environment: 'production', steps: [1, 5], holdSeconds: 60, watches: searchWatches, reason: REASON, expected: stale })
      .catch((e: unknown) => e)) as ApiError;
    expect(conflict.code).toBe('conflict');
    expect(await w.client.request('ramps.list', {})).toEqual([]);
  });

  it('stops where it is, or sets the flag back to the step before, when a person asks', async () => {
    const w = await rampWorld();
    const first = await w.start([1, 5, 100]);
    const stopped: Ramp = await w.client.request('ramps.stop', { id: first.id, setBack: false });
    expect(stopped).toMatchObject({ state: 'stopped', current: pct(1), status: expect.stringMatching(/^Stopped by .* at 1 %: the rollout stays on for 1 % of users/) as unknown });

    const second = await w.start([5, 100]);
    const setBack = await w.client.request('ramps.stop', { id: second.id, setBack: true });
    expect(setBack).toMatchObject({ state: 'stopped', current: pct(1) });
    expect(await w.setting(RAMPED_RELEASE)).toEqual(pct(1));
  });
});
