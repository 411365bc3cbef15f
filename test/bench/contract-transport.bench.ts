import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, bench, describe } from 'vitest';

import { createInProcessBridge } from '../../src/host/in-process-bridge';
import { startHttpHost } from '../../src/host/http-host';
import { startTestCore } from '../support/core-fixture';
import { connectHttpBridge } from '../support/node-http-bridge';

// What the transport adds to a request: the same core answered in-process and over browser-mode
// HTTP. Vitest prints ops/s per case and how many times faster the fastest one is.
const { core, logger, stop } = await startTestCore();
const host = await startHttpHost({ dispatch: core.dispatch, events: core.events, logger, staticDir: mkdtempSync(path.join(os.tmpdir(), 'ops-bench-')) });
const http = await connectHttpBridge(host.url);
const inProcess = createInProcessBridge(core);
afterAll(async () => {
  http.close();
  await stop();
  await host.close();
});

const until = Date.now();
const render = { targets: ['aliasByNode(sumSeries(web.*.requests), 0)'], from: until - 6 * 3_600_000, until, maxDataPoints: 800 };

describe('app.info (smallest request)', () => {
  bench('in-process', async () => void (await inProcess.request('app.info', {})));
  bench('browser-mode HTTP', async () => void (await http.request('app.info', {})));
});

describe('graphs.render, 6 h at 800 points', () => {
  bench('in-process', async () => void (await inProcess.request('graphs.render', render)));
  bench('browser-mode HTTP', async () => void (await http.request('graphs.render', render)));
});
