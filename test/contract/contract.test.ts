import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, it } from 'vitest';

import { createInProcessBridge } from '../../src/host/in-process-bridge';
import { startHttpHost } from '../../src/host/http-host';
import { connectHttpBridge } from '../support/node-http-bridge';
import { startTestCore } from '../support/core-fixture';
import { contractCases } from './contract-cases';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the contract over the in-process bridge', () => {
  for (const testCase of contractCases) {
    it(testCase.name, async () => {
      const { core, stop } = await startTestCore();
      cleanups.push(stop);
      await testCase.run(createInProcessBridge(core));
    });
  }
});

describe('the contract over browser-mode HTTP', () => {
  for (const testCase of contractCases) {
    it(testCase.name, async () => {
      const { core, logger, stop } = await startTestCore();
      const staticDir = mkdtempSync(path.join(os.tmpdir(), 'ops-static-'));
      const host = await startHttpHost({ dispatch: core.dispatch, events: core.events, logger, staticDir });
      const bridge = await connectHttpBridge(host.url);
      cleanups.push(stop, () => host.close(), bridge.close, () => rmSync(staticDir, { recursive: true }));
      await testCase.run(bridge);
    });
  }
});
