import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { MarkerSource, MetricsSource, RenderQuery } from '../../../src/backends/backend-set';
import { createMemorySecretVault } from '../../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../../src/config/settings';
import { createOpsClient } from '../../../src/contract/client';
import type { OpsClient } from '../../../src/contract/client';
import type { Marker, Series } from '../../../src/contract/wire-types';
import { BackendUnavailableError } from '../../../src/errors';
import { composeCore } from '../../../src/host/compose-core';
import { createInProcessBridge } from '../../../src/host/in-process-bridge';
import { createLogger } from '../../../src/log';
import { DashboardLoader, MAX_REST_MS, SLOW_LOADS_IN_FLIGHT } from '../../../renderer/features/graphs/dashboard-loader';
import { createFakeBackends } from '../../fakes/fake-backends';
import { deferred } from './harness';

interface Call<Q, A> {
  query: Q;
  signal: AbortSignal;
  answer: (value: A) => void;
  fail: (error: Error) => void;
  /** Set by a test that answered it. */
  done?: boolean;
}

/** A Graphite and a deploy log that answer only when the test says so, recording every call with its signal. */
function slowBackends() {
  const renders: Call<RenderQuery, Series[]>[] = [];
  const lists: Call<{ from: number; until: number }, Marker[]>[] = [];
  const metrics: MetricsSource = {
    id: 'slow-graphite',
    kind: 'graphite',
    name: 'Slow Graphite',
    check: async () => 'slow',
    render: (query, signal) => {
      const done = deferred<Series[]>();
      renders.push({ query, signal, answer: done.resolve, fail: done.reject });
      return done.promise;
    },
  };
  const deploys: MarkerSource = {
    id: 'slow-deploys',
    kind: 'deploys',
    name: 'Slow deploys',
    check: async () => 'slow',
    list: (from, until, signal) => {
      const done = deferred<Marker[]>();
      lists.push({ query: { from, until }, signal, answer: done.resolve, fail: done.reject });
      return done.promise;
    },
  };
  return { metrics, deploys, renders, lists };
}

/** The real core and dispatcher behind the in-process bridge, with Graphite and the deploy log swapped. */
function clientOf(metrics: MetricsSource, deploys: MarkerSource): OpsClient {
  const core = composeCore({
    host: 'in-process',
    version: '0.0.0-test',
    settingsStore: createMemorySettingsStore(),
    secretVault: createMemorySecretVault({ note: 'memory' }),
    logger: createLogger(() => {}),
    factory: { build: () => ({ ...createFakeBackends({ logIntervalMs: 3_600_000 }), metrics, markers: [deploys] }), check: async () => 'ok' },
    demo: { backends: [], dashboards: [] },
    stateDir: mkdtempSync(path.join(os.tmpdir(), 'ops-loader-')),
    checkOutputs: true,
  });
  core.start();
  return createOpsClient(createInProcessBridge(core));
}

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 23, 12);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const series = (name: string, at = T): Series[] => [{ name, target: name, timestamps: [at], values: [1] }];
const names = (loaded: { data: Series[] | undefined }) => loaded.data?.map((s) => s.name).join(',') ?? 'none';

/** A dashboard of `panels` one-target panels over the slow backends, every panel 400 px wide; `asked` is every request it made. */
function loaderOver(panels: number, options: { now?: () => number; maxInFlight?: number } = {}) {
  const backends = slowBackends();
  const client = clientOf(backends.metrics, backends.deploys);
  const asked: { name: string; input: unknown }[] = [];
  const recording: OpsClient = { request: (name, input, signal) => (asked.push({ name, input }), client.request(name, input, signal)), on: (name, listener) => client.on(name, listener) };
  const loader = new DashboardLoader(recording, Array.from({ length: panels }, (_, i) => [`web.p${i}.requests`]), options);
  for (let i = 0; i < panels; i++) loader.setPlotWidth(i, 400);
  return { loader, asked, ...backends };
}

describe('the dashboard loader asks each panel once, in order, and backs off', () => {
  it('a new range aborts the render of the old one at the backend, and only the new answer shows', async () => {
    const { loader, renders } = loaderOver(1);
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    expect(renders).toHaveLength(1);
    loader.show({ from: T - 6 * HOUR, until: T }, true);
    await settle();
    expect(renders.map((r) => r.signal.aborted)).toEqual([true, false]);
    renders[0]!.answer(series('one-hour'));
    renders[1]!.answer(series('six-hours'));
    await settle();
    expect(names(loader.panel(0))).toBe('six-hours');
  });

  it('a slow Graphite gets one render per panel over many refresh ticks, and the tick after its answer asks again', async () => {
    const { loader, renders } = loaderOver(2);
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    // Thirty ticks of the 10 s refresh clock while the first renders still run.
    for (let tick = 1; tick <= 30; tick++) {
      loader.show({ from: T - HOUR + tick * 10_000, until: T + tick * 10_000 }, true);
      await settle();
    }
    expect(renders.map((r) => [r.query.targets[0], r.signal.aborted])).toEqual([
      ['web.p0.requests', false],
      ['web.p1.requests', false],
    ]);
    for (const r of renders) r.answer(series(r.query.targets[0]!));
    await settle();
    expect(names(loader.panel(1))).toBe('web.p1.requests');
    expect(renders).toHaveLength(2);
    loader.show({ from: T - HOUR + 310_000, until: T + 310_000 }, true);
    await settle();
    expect(renders.slice(2).map((r) => [r.query.targets[0], r.query.until])).toEqual([
      ['web.p0.requests', T + 310_000],
      ['web.p1.requests', T + 310_000],
    ]);
  });

  it('a zoom into the running range is not a refresh: it aborts and asks anew', async () => {
    const { loader, renders } = loaderOver(1);
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    loader.show({ from: T - HOUR / 2, until: T }, false);
    await settle();
    expect(renders.map((r) => r.signal.aborted)).toEqual([true, false]);
  });

  it('a width change alone aborts nothing: the new width is asked for once the running render answered', async () => {
    const { loader, renders } = loaderOver(1);
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    loader.setPlotWidth(0, 900);
    await settle();
    expect(renders.map((r) => [r.query.maxDataPoints, r.signal.aborted])).toEqual([[400, false]]);
    renders[0]!.answer(series('narrow'));
    await settle();
    expect(renders.map((r) => r.query.maxDataPoints)).toEqual([400, 900]);
    // The narrow drawing stays on screen until the wide one arrives.
    expect(names(loader.panel(0))).toBe('narrow');
  });

  it('runs a bounded number of loads at once: the markers first, then the panels in view, top to bottom', async () => {
    // Four here to keep the test short; the dashboards run MAX_LOADS_IN_FLIGHT.
    const { loader, renders, lists } = loaderOver(8, { maxInFlight: 4 });
    for (const hidden of [0, 1, 2]) loader.setVisible(hidden, false);
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    expect(lists).toHaveLength(1);
    expect(renders.map((r) => r.query.targets[0])).toEqual(['web.p3.requests', 'web.p4.requests', 'web.p5.requests']);
    lists[0]!.answer([]);
    renders[0]!.answer(series('p3'));
    await settle();
    expect(renders.map((r) => r.query.targets[0])).toEqual(['web.p3.requests', 'web.p4.requests', 'web.p5.requests', 'web.p6.requests', 'web.p7.requests']);
    // Scrolled: panel 1 comes into view and goes before panel 0, still waiting.
    loader.setVisible(1, true);
    renders[1]!.answer(series('p4'));
    await settle();
    expect(renders.at(-1)!.query.targets[0]).toBe('web.p1.requests');
  });

  it('a last-known drawing shows at once, marked with its age, until a fresh render replaces it; a failed refresh keeps the mark', async () => {
    const { loader, renders } = loaderOver(2);
    const fetchedAt = T - 7 * 60_000;
    loader.seed({
      dashboardId: 'web',
      spanMs: HOUR,
      panels: [{ series: series('kept-0'), from: T - HOUR - 7 * 60_000, until: T - 7 * 60_000, fetchedAt }, null],
      markers: null,
    });
    expect(loader.panel(0)).toMatchObject({ lastKnown: true, fetchedAt });
    expect(names(loader.panel(0))).toBe('kept-0');
    expect(loader.panel(1)).toMatchObject({ lastKnown: false, data: undefined });
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    renders[0]!.fail(new BackendUnavailableError('Graphite at graphite.internal refused the connection.'));
    renders[1]!.answer(series('fresh-1'));
    await settle();
    expect(loader.panel(0)).toMatchObject({ lastKnown: true, fetchedAt });
    expect(loader.panel(0).error).not.toBeNull();
    expect(loader.panel(1)).toMatchObject({ lastKnown: false });
    loader.show({ from: T - HOUR + 10_000, until: T + 10_000 }, true);
    await settle();
    renders[2]!.answer(series('fresh-0'));
    await settle();
    expect(loader.panel(0)).toMatchObject({ lastKnown: false, error: null });
    expect(names(loader.panel(0))).toBe('fresh-0');
  });

  it('a last-known drawing of another range is never drawn in this one', async () => {
    const { loader } = loaderOver(1);
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    loader.seed({ dashboardId: 'web', spanMs: 6 * HOUR, panels: [{ series: series('six-hours'), from: T - 6 * HOUR, until: T, fetchedAt: T }], markers: null });
    expect(loader.panel(0)).toMatchObject({ data: undefined, lastKnown: false });
  });

  it('the refresh clock waits while a refresh runs, rests as long as a slow one took, and doubles its rest after each failing one', async () => {
    let now = T;
    const { loader, renders, lists } = loaderOver(1, { now: () => now });
    const interval = 10_000;
    // A tick of the clock: the window moves on to now, and the test answers when it likes.
    const refresh = async (answer: (i: number) => void) => {
      now += interval;
      loader.show({ from: now - HOUR, until: now }, true);
      await settle();
      expect(loader.readyForRefresh(interval)).toBe(false);
      answer(renders.length - 1);
      lists.at(-1)!.answer([]);
      await settle();
    };
    // Quick: the next tick may go.
    await refresh((i) => renders[i]!.answer(series('quick')));
    expect(loader.readyForRefresh(interval)).toBe(true);
    // Slow: 8 s of a 10 s interval, so 8 s of rest after it.
    await refresh((i) => ((now += 8_000), renders[i]!.answer(series('slow'))));
    expect(loader.restMs(interval)).toBe(8_000);
    now += 7_999;
    expect(loader.readyForRefresh(interval)).toBe(false);
    now += 1;
    expect(loader.readyForRefresh(interval)).toBe(true);
    // Failing: 10 s, then 20 s, 40 s ... up to MAX_REST_MS.
    const rests: number[] = [];
    for (let k = 0; k < 8; k++) {
      await refresh((i) => renders[i]!.fail(new BackendUnavailableError('Graphite at graphite.internal refused the connection.')));
      rests.push(loader.restMs(interval));
      now += loader.restMs(interval);
    }
    expect(rests).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, MAX_REST_MS, MAX_REST_MS, MAX_REST_MS]);
    // One good refresh and the clock is back to its interval.
    await refresh((i) => renders[i]!.answer(series('back')));
    expect(loader.restMs(interval)).toBe(0);
  });

  it('while Graphite fails, a refresh keeps only SLOW_LOADS_IN_FLIGHT loads at Graphite; once it answers again, all of them', async () => {
    let now = T;
    const { loader, renders, lists } = loaderOver(6, { now: () => now });
    const tick = async () => {
      now += 60_000;
      expect(loader.readyForRefresh(10_000)).toBe(true);
      loader.show({ from: now - HOUR, until: now }, true);
      await settle();
    };
    const open = () => [...renders, ...lists].filter((call) => !call.done);
    const inFlight = () => open().length;
    // Answers (or fails) whatever is asked until nothing is left.
    const settleAll = async (outcome: 'answer' | 'fail') => {
      while (inFlight() > 0) {
        for (const call of open()) {
          call.done = true;
          if (outcome === 'fail') call.fail(new BackendUnavailableError('Graphite at graphite.internal refused the connection.'));
        }
        if (outcome === 'answer') {
          for (const r of renders) r.answer(series('ok'));
          for (const l of lists) l.answer([]);
        }
        await settle();
      }
    };
    await tick();
    expect(inFlight()).toBe(7); // the markers and six panels
    await settleAll('fail');
    await tick();
    expect(inFlight()).toBe(SLOW_LOADS_IN_FLIGHT);
    await settleAll('answer');
    await tick();
    expect(inFlight()).toBe(7);
  });

  it('a panel removed while its render runs does not hold the refresh clock', async () => {
    const { loader, renders, lists } = loaderOver(2);
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    lists[0]!.answer([]);
    renders[0]!.answer(series('p0'));
    await settle();
    expect(loader.readyForRefresh(10_000)).toBe(false);
    // The dashboard was edited: the second panel is gone, and its render with it.
    loader.setPanels([['web.p0.requests']]);
    expect(renders[1]!.signal.aborted).toBe(true);
    expect(loader.readyForRefresh(10_000)).toBe(true);
  });

  it('only a live window asks the core to remember what it drew', async () => {
    const { loader, asked } = loaderOver(1);
    loader.show({ from: T - HOUR, until: T }, true);
    await settle();
    loader.show({ from: T - 3 * HOUR, until: T - 2 * HOUR }, false);
    await settle();
    expect(asked.map(({ name, input }) => [name, (input as { remember?: boolean }).remember ?? false])).toEqual([
      ['markers.list', true],
      ['graphs.render', true],
      ['markers.list', false],
      ['graphs.render', false],
    ]);
  });
});
