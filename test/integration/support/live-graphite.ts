// One real graphite-web + carbon per test file, seeded by the file: started before its tests and
// stopped after them. A missing Debian package or a failed start fails every test with the reason;
// a throwing beforeAll would only have Vitest report them as skipped.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeAll, it } from 'vitest';

import { startRealGraphite } from './real-graphite';
import type { RealGraphite } from './real-graphite';

const backends = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../backends');

/** Fails, naming the packages to install, when the Debian packages are not there: never a silent skip. */
async function requirePackages(): Promise<void> {
  const provisionFile = pathToFileURL(path.join(backends, 'graphite-provision.mjs')).href;
  const { graphiteDebianPackages } = (await import(provisionFile)) as { graphiteDebianPackages: { name: string; proof: string; why: string }[] };
  const missing = graphiteDebianPackages.filter((p) => !existsSync(p.proof));
  if (missing.length === 0) return;
  const all = graphiteDebianPackages.map((p) => p.name).join(' ');
  throw new Error(
    `The Graphite integration test needs Debian packages that are not installed: ${missing.map((p) => `${p.name} (no ${p.proof})`).join(', ')}. ` +
      `Install them with: sudo apt-get update && sudo apt-get install -y ${all}  (npm test does this itself when run as root).`,
  );
}

export interface LiveGraphite {
  /** The running Graphite (inside a `live` test). */
  readonly real: RealGraphite;
  /** A test of the running, seeded Graphite; it fails with the setup's error when there is one. */
  live: (name: string, test: () => Promise<void> | void) => void;
}

/** Starts Graphite before the file's tests and seeds it with `seed`; every step of the seed has its own deadline, inside this one. */
export function useRealGraphite(seed: (real: RealGraphite) => Promise<void>): LiveGraphite {
  let real: RealGraphite | undefined;
  let setupError: Error | undefined;
  beforeAll(async () => {
    try {
      await requirePackages();
      real = await startRealGraphite();
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
    live: (name, test) =>
      it(name, async () => {
        if (setupError) throw setupError;
        await test();
      }),
  };
}
