import { expect, test as base } from '@playwright/test';

import { startHost } from './host';
import type { RunningHost } from './host';
import { ConsolePage } from './pages/console-page';

interface Fixtures {
  /** A fresh browser-mode host per test: its own port, token and state dir. */
  host: RunningHost;
  /** The console opened at the address the host printed. */
  ops: ConsolePage;
}

export const test = base.extend<Fixtures>({
  // Playwright reads fixture dependencies from this destructuring: an empty one means none.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const host = await startHost();
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
  ops: async ({ page, host }, use) => {
    const ops = new ConsolePage(page, host);
    await ops.watchForProblems();
    await use(ops);
  },
});

export { expect };
