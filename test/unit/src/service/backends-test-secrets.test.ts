import { createServer } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createInProcessBridge } from '../../../../src/host/in-process-bridge';
import { listenOnLoopback } from '../../../../src/loopback-server';
import { startTestCore } from '../../../support/core-fixture';

// "Test connection" of a backend that answers every request with an error page showing the
// request's Authorization header, as a debugging proxy or a chatty API gateway does.
const TOKEN = 'unleash-admin-token-51f0c3a9';
const PASSWORD = 'deploy-log-password-8e2b';
let url = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const server = createServer((req, res) => {
    res.writeHead(500, { 'Content-Type': 'text/html' }).end(`<h1>Gateway error</h1><pre>request headers:\nauthorization: ${req.headers.authorization}</pre>`);
  });
  ({ url, close } = await listenOnLoopback(server));
});
afterAll(() => close());

describe('backends.test of a backend whose error page echoes the credentials', () => {
  it('says what failed without the token or password it was sent, in any form', async () => {
    const { core, stop } = await startTestCore();
    try {
      const bridge = createInProcessBridge(core);
      await bridge.request('secrets.set', { name: 'echo.token', value: TOKEN });
      await bridge.request('secrets.set', { name: 'echo.password', value: PASSWORD });
      const definitions = [
        { id: 'echo-unleash', kind: 'flags', type: 'unleash', url, tokenSecret: 'echo.token' },
        { id: 'echo-graphite', kind: 'graphite', url, auth: { type: 'bearer', tokenSecret: 'echo.token' } },
        { id: 'echo-deploys', kind: 'deploys', type: 'http-json', url, auth: { type: 'basic', username: 'ci', passwordSecret: 'echo.password' }, fields: { who: 'by', what: 'what', when: 'at' } },
      ];
      for (const definition of definitions) {
        const result = (await bridge.request('backends.test', { definition })) as { ok: true; value: { ok: boolean; message: string } };
        expect(result.ok, definition.id).toBe(true);
        const answer = result.value;
        expect(answer.ok, definition.id).toBe(false);
        expect(answer.message, definition.id).toContain('500');
        // What the page said is shown (Graphite's adapter reads the last line of its <pre>, the others an excerpt), masked.
        expect(answer.message, definition.id).toMatch(/authorization: (Bearer |Basic )?\[redacted\]/);
        for (const secret of [TOKEN, PASSWORD, Buffer.from(`ci:${PASSWORD}`).toString('base64')]) {
          expect(answer.message, definition.id).not.toContain(secret.slice(0, 10));
        }
      }
    } finally {
      await stop();
    }
  });
});
