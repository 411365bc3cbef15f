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
    expect((await lastValues()).at(-1)).toBeGreaterThan(4);
    const { flags } = await client.request('flags.list', {});
    const { enabled, audience, rolloutPercent } = flags.find((f) => f.key === 'checkout.new-tax-engine')!.environments.find((e) => e.name === 'production')!;
    const expected = { enabled, audience, rolloutPercent };
    await client.request('flags.flip', { key: 'checkout.new-tax-engine', environment: 'production', to: { ...expected, enabled: false }, expected, reason: 'checkout errors' });
    // The first 10 s point written after the flip shows it: at most 12 s, polled rather than slept.
    await expect.poll(async () => (await lastValues()).at(-1), { timeout: 15_000, interval: 1_000 }).toBeLessThan(1);
  }, 20_000);
});
