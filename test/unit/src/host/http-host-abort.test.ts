import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { MetricsSource } from '../../../../src/backends/backend-set';
import { startHttpHost } from '../../../../src/host/http-host';
import { createFakeBackends } from '../../../fakes/fake-backends';
import { startTestCore } from '../../../support/core-fixture';
import { connectHttpBridge } from '../../../support/node-http-bridge';

describe('browser-mode host and a request the page gave up on', () => {
  it('aborts the backend call when the page aborts its fetch (the connection closes)', async () => {
    const signals: AbortSignal[] = [];
    // Answers only when aborted, as a hung Graphite would.
    const metrics: MetricsSource = {
      id: 'hung-graphite',
      kind: 'graphite',
      name: 'Hung Graphite',
      check: async () => 'hung',
      render: (_query, signal) => {
        signals.push(signal);
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      },
    };
    const running = await startTestCore({ backends: { ...createFakeBackends({ logIntervalMs: 3_600_000 }), metrics } });
    const staticDir = mkdtempSync(path.join(os.tmpdir(), 'ops-static-'));
    const host = await startHttpHost({ dispatch: running.core.dispatch, events: running.core.events, logger: running.logger, staticDir });
    const bridge = await connectHttpBridge(host.url);
    try {
      const page = new AbortController();
      const now = Date.now();
      const asked = bridge.request('graphs.render', { targets: ['web.*.requests'], from: now - 3_600_000, until: now, maxDataPoints: 100 }, page.signal);
      await expect.poll(() => signals.length).toBe(1);
      expect(signals[0]!.aborted).toBe(false);
      page.abort();
      await expect(asked).rejects.toThrow();
      await expect.poll(() => signals[0]!.aborted).toBe(true);
    } finally {
      bridge.close();
      await host.close();
      await running.stop();
      rmSync(staticDir, { recursive: true });
    }
  });
});
