// Fault injection in front of a real Unleash 8.2.0 (support/fault-proxy.ts): a write answered
// with 500, held past the client's timeout, or forwarded and then cut off before its answer. In
// none of these may the adapter report the write as done; the error says what a re-read found,
// and a read afterwards gives the backend's true state. Last, PostgreSQL stops under a running
// Unleash (which still says ready): the client's timeout turns the hanging flip into a failure.
import { describe, expect } from 'vitest';

import type { FlagService } from '../../src/backends/backend-set';
import type { Flag, FlagSetting } from '../../src/contract/wire-types';
import { FlagWriteUnconfirmedError } from '../../src/flags/guarded-write';
import { createUnleashFlagService } from '../../src/flags/unleash-flag-service';
import { startFaultProxy } from './support/fault-proxy';
import type { Fault } from './support/fault-proxy';
import { FEATURES } from './support/real-unleash';
import type { SeedFlag } from './support/real-unleash';
import { useSeededUnleash } from './support/seeded-unleash';

const TIMEOUT_MS = 1_500;
const signal = () => AbortSignal.timeout(20_000);
const SEED: SeedFlag[] = Array.from({ length: 12 }, (_, i) => ({
  name: `faults.flag-${String(i).padStart(2, '0')}`,
  type: 'kill-switch',
  description: `Fault flag #${i}`,
  // On for 25 % in production: each test turns one off or changes its share.
  environments: { development: { enabled: false }, production: { enabled: true, rollout: 25 } },
}));
const ON_25: FlagSetting = { enabled: true, audience: 'percentage', rolloutPercent: 25 };

const real = useSeededUnleash(SEED, startFaultProxy, (proxy) => proxy.inject(null));
const { live } = real;

function service(): FlagService {
  const def = { id: 'unleash-faults', kind: 'flags', type: 'unleash', url: real.proxy.url, tokenSecret: 'unleash.token', project: 'default' } as const;
  return createUnleashFlagService(def, { reveal: () => real.unleash.adminToken }, { timeoutMs: TIMEOUT_MS });
}
const production = (flag: Flag): FlagSetting => {
  const { enabled, audience, rolloutPercent } = flag.environments.find((e) => e.name === 'production')!;
  return { enabled, audience, rolloutPercent };
};
async function held(key: string) {
  const env = (await (await real.unleash.admin('GET', `${FEATURES}/${key}/environments/production`)).json()) as { enabled: boolean; strategies: { parameters: { rollout: string } }[] };
  return { enabled: env.enabled, rollout: env.strategies[0]!.parameters.rollout };
}
const writes = (method: string) => method !== 'GET';

/** Writes `to` through a proxy that does `fault` to the first write; returns the rejection. */
async function writeThrough(fault: Fault, key: string, to: FlagSetting): Promise<FlagWriteUnconfirmedError> {
  const flags = service();
  real.proxy.inject({ fault, matches: writes, times: 1 });
  real.proxy.log.length = 0;
  const started = Date.now();
  const error = await flags.write({ key, environment: 'production', expected: ON_25, to }, signal()).then(
    () => {
      throw new Error('the write resolved as done');
    },
    (rejection: unknown) => rejection,
  );
  // Bounded: the write's timeout plus the re-read's own, never a hang.
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 3_000 + 2_000);
  expect(error).toBeInstanceOf(FlagWriteUnconfirmedError);
  expect(real.proxy.log.filter((r) => r.fault === fault)).toHaveLength(1);
  return error as FlagWriteUnconfirmedError;
}

describe('Unleash writes through a faulty network: never reported as done, the true state reported', () => {
  live('a 500 on the flip: rejected, and the re-read says nothing changed', async () => {
    const key = SEED[0]!.name;
    const error = await writeThrough('error-500', key, { ...ON_25, enabled: false });
    expect(error.message).toMatch(/did not confirm turning faults\.flag-00 off in production \(.*answered 500: injected by the fault proxy\)\. Read back just now: it is on for 25 % of users, nothing changed\.$/);
    expect({ now: error.now, applied: error.applied }).toEqual({ now: ON_25, applied: false });
    expect(production(await service().read(key, signal()))).toEqual(ON_25);
    expect(await held(key)).toEqual({ enabled: true, rollout: '25' });
  });

  live('a flip held past the client’s timeout: rejected within the timeout, nothing changed', async () => {
    const key = SEED[1]!.name;
    const error = await writeThrough('delay', key, { ...ON_25, enabled: false });
    expect(error.message).toContain(`did not answer within ${TIMEOUT_MS / 1000} s`);
    expect(error.applied).toBe(false);
    expect(production(await service().read(key, signal()))).toEqual(ON_25);
  });

  live('a flip forwarded and then cut off: rejected, and the error says the change did take effect', async () => {
    const key = SEED[2]!.name;
    const error = await writeThrough('drop-after-forward', key, { ...ON_25, enabled: false });
    expect(error.message).toMatch(/Read back just now: it is off, the change did take effect\.$/);
    expect({ now: error.now?.enabled, applied: error.applied }).toEqual({ now: false, applied: true });
    expect(production(await service().read(key, signal())).enabled).toBe(false);
    expect(await held(key)).toEqual({ enabled: false, rollout: '25' });
  });

  live('a rollout change (JSON Patch) answered 500: rejected, the share unchanged', async () => {
    const key = SEED[3]!.name;
    const error = await writeThrough('error-500', key, { ...ON_25, rolloutPercent: 60 });
    expect(error.applied).toBe(false);
    expect(await held(key)).toEqual({ enabled: true, rollout: '25' });
  });

  live('a rollout change forwarded and cut off: rejected, and the re-read shows the new share', async () => {
    const key = SEED[4]!.name;
    const error = await writeThrough('drop-after-forward', key, { ...ON_25, rolloutPercent: 60 });
    expect(error.message).toContain('it is on for 60 % of users, the change did take effect');
    expect(production(await service().read(key, signal()))).toEqual({ ...ON_25, rolloutPercent: 60 });
  });

  live('PostgreSQL stopped under a running Unleash that still says ready: the flip fails visibly within the timeout, and the state is read once it is back', async () => {
    const key = SEED[5]!.name;
    const flags = service();
    expect(production(await flags.read(key, signal()))).toEqual(ON_25);
    await real.unleash.postgres('stop');
    try {
      expect((await fetch(`${real.unleash.url}/ready`)).status).toBe(200);
      const started = Date.now();
      const attempt = flags.write({ key, environment: 'production', expected: ON_25, to: { ...ON_25, enabled: false } }, signal());
      // Reads hang as well, so the re-read before the write is what times out: the flip is never sent.
      await expect(attempt).rejects.toThrow(/did not answer within 1\.5 s/);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 2 + 5_000 + 2_000);
    } finally {
      await real.unleash.postgres('start');
    }
    // Unleash reconnects by itself; whatever it holds now is what the adapter reports.
    let direct: { enabled: boolean; rollout: string } | undefined;
    for (let i = 0; i < 50 && !direct; i++) direct = await held(key).catch(() => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200)));
    expect(production(await flags.read(key, signal())).enabled).toBe(direct!.enabled);
  }, 60_000);
});
