import { afterEach, describe, expect, it } from 'vitest';

import { createInProcessBridge } from '../../../../src/host/in-process-bridge';
import { createOpsClient } from '../../../../src/contract/client';
import { startTestCore } from '../../../support/core-fixture';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const checkoutErrorRate = 'asPercent(sumSeries(checkout.*.errors), sumSeries(checkout.*.requests))';

describe('the demo world, through the real adapters', () => {
  it('turning the misbehaving flag off brings checkout\'s error rate down within seconds', async () => {
    const running = await startTestCore();
    cleanups.push(running.stop);
    const client = createOpsClient(createInProcessBridge(running.core));
    const lastValues = async () => {
      const until = Date.now();
      const { series } = await client.request('graphs.render', { targets: [checkoutErrorRate], from: until - 10 * 60_000, until, maxDataPoints: 60 });
      return series[0]!.values.filter((v): v is number => v !== null);
    };
    const before = (await lastValues()).at(-1)!;
    expect(before).toBeGreaterThan(4);
    const { flags } = await client.request('flags.list', {});
    const { enabled, audience, rolloutPercent } = flags.find((f) => f.key === 'checkout.new-tax-engine')!.environments.find((e) => e.name === 'production')!;
    const expected = { enabled, audience, rolloutPercent };
    await client.request('flags.flip', { key: 'checkout.new-tax-engine', environment: 'production', to: { ...expected, enabled: false }, expected, reason: 'checkout errors' });
    // A 10 s point shows the state at its close, and the flag's harm fades over 2 s (clients pick
    // the flip up): a point closing within 2 s of the flip still shows part of it, the next one
    // none. So at most 12 s after the flip, polled rather than slept; the rest is room for a busy machine.
    // The flag adds 7 points (0.7-1.3 of it on a host); a bad deploy may add its own, which stays.
    await expect.poll(async () => (await lastValues()).at(-1), { timeout: 20_000, interval: 1_000 }).toBeLessThan(before - 4);
  }, 25_000);
});
