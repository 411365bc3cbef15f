import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { MetricsSource, RenderQuery } from '../../../src/backends/backend-set';
import { createMemorySecretVault } from '../../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../../src/config/settings';
import type { Series } from '../../../src/contract/wire-types';
import { composeCore } from '../../../src/host/compose-core';
import { createInProcessBridge } from '../../../src/host/in-process-bridge';
import { createLogger } from '../../../src/log';
import { connect, OpsConnectionContext } from '../../../renderer/api/ops-client';
import type { OpsConnection } from '../../../renderer/api/ops-client';
import { usePanelSeries } from '../../../renderer/features/graphs/use-panel-series';
import type { TimeWindow } from '../../../renderer/features/graphs/use-dashboard-window';
import { createFakeBackends } from '../../fakes/fake-backends';
import { deferred } from './harness';

interface Call {
  query: RenderQuery;
  signal: AbortSignal;
  answer: (series: Series[]) => void;
}

/** A Graphite that answers only when the test says so, and records the signal of every render. */
function slowGraphite() {
  const calls: Call[] = [];
  const metrics: MetricsSource = {
    id: 'slow-graphite',
    kind: 'graphite',
    name: 'Slow Graphite',
    check: async () => 'slow',
    render: (query, signal) => {
      const done = deferred<Series[]>();
      calls.push({ query, signal, answer: done.resolve });
      return done.promise;
    },
  };
  return { metrics, calls };
}

/** The real core and dispatcher behind the in-process bridge, with only Graphite swapped. */
function connectionTo(metrics: MetricsSource): OpsConnection {
  const core = composeCore({
    host: 'in-process',
    version: '0.0.0-test',
    settingsStore: createMemorySettingsStore(),
    secretVault: createMemorySecretVault({ note: 'memory' }),
    logger: createLogger(() => {}),
    factory: { build: () => ({ ...createFakeBackends({ logIntervalMs: 3_600_000 }), metrics }), check: async () => 'ok' },
    demo: { backends: [], dashboards: [] },
    stateDir: mkdtempSync(path.join(os.tmpdir(), 'ops-abort-')),
    checkOutputs: true,
  });
  core.start();
  return connect(createInProcessBridge(core));
}

function Probe({ window }: { window: TimeWindow }) {
  const series = usePanelSeries(['web.*.requests'], window, 400);
  return <p data-testid="probe">{series.data ? series.data.map((s) => s.name).join(',') : 'none'}</p>;
}

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 23, 12);
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const answerOf = (name: string, at: number): Series[] => [{ name, target: name, timestamps: [at], values: [1] }];

function mount(connection: OpsConnection, window: TimeWindow) {
  const view = render(
    <OpsConnectionContext value={connection}>
      <Probe window={window} />
    </OpsConnectionContext>,
  );
  return (next: TimeWindow) =>
    view.rerender(
      <OpsConnectionContext value={connection}>
        <Probe window={next} />
      </OpsConnectionContext>,
    );
}

describe('a panel has at most one render in flight', () => {
  it('a new range aborts the render of the old one at the backend, and only the new answer shows', async () => {
    const graphite = slowGraphite();
    const show = mount(connectionTo(graphite.metrics), { from: T - HOUR, until: T });
    await settle();
    expect(graphite.calls).toHaveLength(1);
    show({ from: T - 6 * HOUR, until: T });
    await settle();
    expect(graphite.calls).toHaveLength(2);
    expect(graphite.calls[0]!.signal.aborted).toBe(true);
    expect(graphite.calls[1]!.signal.aborted).toBe(false);
    graphite.calls[1]!.answer(answerOf('six-hours', T));
    await settle();
    expect(screen.getByTestId('probe').textContent).toBe('six-hours');
  });

  it('a slow Graphite gets one render over many refresh ticks, and the next tick after its answer asks again', async () => {
    const graphite = slowGraphite();
    const show = mount(connectionTo(graphite.metrics), { from: T - HOUR, until: T });
    await settle();
    // Thirty ticks of the 10 s refresh clock while the first render is still running.
    for (let tick = 1; tick <= 30; tick++) {
      show({ from: T - HOUR + tick * 10_000, until: T + tick * 10_000 });
      await settle();
    }
    expect(graphite.calls).toHaveLength(1);
    expect(graphite.calls[0]!.signal.aborted).toBe(false);
    graphite.calls[0]!.answer(answerOf('first', T));
    await settle();
    expect(screen.getByTestId('probe').textContent).toBe('first');
    show({ from: T - HOUR + 310_000, until: T + 310_000 });
    await settle();
    expect(graphite.calls).toHaveLength(2);
    expect(graphite.calls[1]!.query.until).toBe(T + 310_000);
  });

  it('a zoom into the running range is not a refresh: it aborts and asks anew', async () => {
    const graphite = slowGraphite();
    const show = mount(connectionTo(graphite.metrics), { from: T - HOUR, until: T });
    await settle();
    show({ from: T - HOUR / 2, until: T });
    await settle();
    expect(graphite.calls.map((c) => c.signal.aborted)).toEqual([true, false]);
  });
});
