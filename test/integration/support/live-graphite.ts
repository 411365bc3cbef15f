// One real graphite-web + carbon per test file, seeded by the file: started before its tests and
// stopped after them. A missing Debian package or a failed start fails every test with the reason;
// a throwing beforeAll would only have Vitest report them as skipped.
import { afterAll, beforeAll, it } from 'vitest';

import { requireGraphitePackages, startRealGraphite } from './real-graphite';
import type { RealGraphite, RealGraphiteOptions } from './real-graphite';

export interface LiveGraphite {
  /** The running Graphite (inside a `live` test). */
  readonly real: RealGraphite;
  /** A test of the running, seeded Graphite; it fails with the setup's error when there is one. */
  live: (name: string, test: () => Promise<void> | void, timeoutMs?: number) => void;
}

/** Starts Graphite before the file's tests and seeds it with `seed`; every step of the seed has its own deadline, inside this one. */
export function useRealGraphite(seed: (real: RealGraphite) => Promise<void>, options: RealGraphiteOptions = {}): LiveGraphite {
  let real: RealGraphite | undefined;
  let setupError: Error | undefined;
  beforeAll(async () => {
    try {
      await requireGraphitePackages();
      real = await startRealGraphite(options);
      await seed(real);
    } catch (error) {
      setupError = error instanceof Error ? error : new Error(String(error));
    }
  }, 90_000);
  afterAll(async () => {
    // Runs after a failed beforeAll too: stop whatever was started, then remove every file.
    await real?.dispose();
  }, 30_000);
  return {
    get real() {
      return real!;
    },
    live: (name, test, timeoutMs) =>
      it(
        name,
        async () => {
          if (setupError) throw setupError;
          await test();
        },
        timeoutMs,
      ),
  };
}
