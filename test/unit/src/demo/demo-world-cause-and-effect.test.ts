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

describe('the demo release to ramp (search.autocomplete-v2)', () => {
  it('lifts search’s error rate with its share of users: under 2 % at 5 %, over it at 25 %; while it is partly out its failures are search’s only extra ones', async () => {
    const clock = { now: Date.now() };
    const running = await startTestCore({ now: () => clock.now, rampWatchEveryMs: null });
    cleanups.push(running.stop);
    const client = createOpsClient(createInProcessBridge(running.core));
    const searchErrorRate = 'asPercent(sumSeries(search.*.errors), sumSeries(search.*.requests))';
    const flags = running.demo.world.flags;
    const strategy = flags.get('search.autocomplete-v2')!.environments.find((e) => e.name === 'production')!.strategies[0]!;
    /** The highest error rate of search's 10 s points over the next two minutes at `share` % of users. */
    const worstAt = async (share: number) => {
      flags.updateRollout('search.autocomplete-v2', 'production', strategy.id, String(share), 'test');
      flags.setEnabled('search.autocomplete-v2', 'production', true, 'test');
      const from = clock.now;
      clock.now += 2 * 60_000;
      const { series } = await client.request('graphs.render', { targets: [searchErrorRate], from, until: clock.now, maxDataPoints: 1_000 });
      return Math.max(...series[0]!.values.filter((v): v is number => v !== null));
    };
    expect(await worstAt(1)).toBeLessThan(1);
    expect(await worstAt(5)).toBeLessThan(2);
    expect(await worstAt(25)).toBeGreaterThan(2);
    expect(flags.shareAt('search.autocomplete-v2', 'production', clock.now)).toBe(25);
    // A bad search deploy would add its own errors: while the release is partly out, it does not (no deploys into a ramp).
    expect(running.demo.world.errorRatio('search', clock.now)).toBeCloseTo(0.004 + 0.12 * 0.25, 10);
    expect(flags.shareAt('search.autocomplete-v2', 'production', clock.now - 60 * 60_000)).toBe(0);
  });
});
