// One real Unleash per test file, seeded, with a proxy of the file's own in front: started before
// its tests and stopped after them.
import { afterAll, beforeAll, it } from 'vitest';

import { startRealUnleash } from './real-unleash';
import type { RealUnleash, SeedFlag } from './real-unleash';

export interface SeededUnleash<P> {
  /** The running Unleash (inside a `live` test). */
  readonly unleash: RealUnleash;
  /** The file's proxy in front of it (inside a `live` test). */
  readonly proxy: P;
  /** A test of the running Unleash. If it could not be started, the test fails with the reason; a failing beforeAll would only mark it skipped. */
  live: (name: string, test: () => Promise<void>, timeoutMs?: number) => void;
}

export function useSeededUnleash<P extends { close(): Promise<void> }>(
  seed: SeedFlag[],
  startProxy: (unleashUrl: string) => Promise<P>,
  /** Runs before each `live` test, e.g. to clear the proxy's faults. */
  beforeEachTest: (proxy: P) => void = () => undefined,
): SeededUnleash<P> {
  let unleash: RealUnleash | undefined;
  let proxy: P | undefined;
  let setupError: Error | undefined;

  beforeAll(async () => {
    try {
      const started = Date.now();
      unleash = await startRealUnleash();
      console.log(await unleash.seed(seed));
      console.log(`Unleash started and seeded with ${seed.length} flags in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      proxy = await startProxy(unleash.url);
    } catch (error) {
      setupError = error instanceof Error ? error : new Error(String(error));
    }
  }, 240_000);

  afterAll(async () => {
    await proxy?.close();
    await unleash?.dispose();
  }, 90_000);

  return {
    get unleash() {
      return unleash!;
    },
    get proxy() {
      return proxy!;
    },
    live: (name, test, timeoutMs = 30_000) => {
      it(name, async () => {
        if (setupError) throw setupError;
        beforeEachTest(proxy!);
        await test();
      }, timeoutMs);
    },
  };
}
