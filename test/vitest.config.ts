import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig({
  root,
  esbuild: { jsx: 'automatic' },
  test: {
    // Component tests run in jsdom, everything else in plain Node like the core itself.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/unit/{src,main}/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          // global.gc, for the contract fuzz test's heap check (a heap read without a full GC first is noise).
          execArgv: ['--expose-gc'],
        },
      },
      {
        extends: true,
        test: { name: 'bench', include: [], benchmark: { include: ['test/bench/**/*.bench.ts'] }, environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'dom', include: ['test/unit/renderer/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['test/unit/renderer/setup.ts'] },
      },
    ],
    testTimeout: 15_000,
  },
});
