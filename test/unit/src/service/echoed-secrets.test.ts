import { createServer } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { BackendDefinition } from '../../../../src/contract/backend-definitions';
import { DEMO_TOKEN_SECRET } from '../../../../src/demo/start-demo-world';
import { listenOnLoopback } from '../../../../src/loopback-server';
import { flagWorldPerTest, KILL_SWITCH } from './flag-test-world';

// Backends that echo a secret they were never sent: a gateway's error page that dumps its own
// upstream configuration, a proxy shared by several backends that prints every credential it
// holds. The secrets below are all in the vault (or are the demo's token); the backends under
// test are sent only SENT_PASSWORD.
const SENT_PASSWORD = 'sent-graphite-password-4c1d';
const OTHER_TOKEN = 'prodtoken-9a7f3e21c0d84b';
const OTHER_PASSWORD = 'deployerpw-b62e91f07a';
const OTHER_BASIC = Buffer.from(`deployer:${OTHER_PASSWORD}`).toString('base64');

/** What the backend answers next: a status and a body. */
let answer = { status: 500, type: 'text/plain', body: 'not set' };
let url = '';
let close: () => Promise<void>;
beforeAll(async () => {
  const server = createServer((_req, res) => res.writeHead(answer.status, { 'Content-Type': answer.type }).end(answer.body));
  ({ url, close } = await listenOnLoopback(server));
});
afterAll(() => close());

const flagWorld = flagWorldPerTest();

/** A core on the demo world with the other secrets stored, and the demo's token, which lives outside the vault. */
async function world(extra: Parameters<typeof flagWorld>[0] = {}) {
  const w = await flagWorld(extra);
  await w.client.request('secrets.set', { name: 'echo.password', value: SENT_PASSWORD });
  await w.client.request('secrets.set', { name: 'prod.unleash.token', value: OTHER_TOKEN });
  await w.client.request('secrets.set', { name: 'prod.deploys.password', value: OTHER_PASSWORD });
  const demoToken = w.demo.secrets[DEMO_TOKEN_SECRET]!;
  /** Every secret and the forms it was echoed in, each long enough to be recognised in a message. */
  const leaks = [OTHER_TOKEN, OTHER_PASSWORD, OTHER_BASIC, demoToken, Buffer.from(demoToken).toString('base64')];
  const expectNoLeak = (text: string, what: string) => {
    // Eight characters of any of them would be a leak: a token cut short still gives away its start.
    for (const secret of leaks) expect(text, `${what} shows the start of ${secret}`).not.toContain(secret.slice(0, 8));
  };
  return { ...w, demoToken, expectNoLeak };
}

const basic = { type: 'basic', username: 'ops', passwordSecret: 'echo.password' } as const;
const definitions: BackendDefinition[] = [
  { id: 'echo-graphite', kind: 'graphite', url: 'set below', auth: basic },
  { id: 'echo-deploys', kind: 'deploys', type: 'http-json', url: 'set below', auth: basic, fields: { who: 'by', what: 'what', when: 'at' } },
  { id: 'echo-logs', kind: 'logs', type: 'http', url: 'set below', auth: basic, host: 'web-1', service: 'checkout', bufferLines: 1_000 },
] as BackendDefinition[];
/** Those whose test reads an error body (a log source's test is a HEAD; its tail's GET is in the events test). */
const quoting = definitions.filter((definition) => definition.kind !== 'logs');
const at = (definition: BackendDefinition, path = '') => ({ ...definition, url: `${url}${path}` }) as BackendDefinition;

describe('a backend whose error page echoes secrets it was never sent', () => {
  it('backends.test says what failed without any stored secret, plain, as base64 user:password, or the demo token', async () => {
    const w = await world();
    answer = {
      status: 500,
      type: 'text/html',
      body: `<h1>Gateway error</h1><pre>upstreams:\nunleash token ${OTHER_TOKEN}, deploys Authorization: Basic ${OTHER_BASIC}, demo ${w.demoToken}</pre>`,
    };
    for (const definition of quoting) {
      const result = await w.client.request('backends.test', { definition: at(definition, '/app.log') });
      expect(result.ok, definition.id).toBe(false);
      // What the page said is still shown, the secrets in it masked.
      expect(result.message, definition.id).toMatch(/unleash token \[redacted\], deploys Authorization: Basic \[redacted\], demo \[redacted\]/);
      w.expectNoLeak(result.message, definition.id);
    }
  });

  it('masks a secret the excerpt would cut in two: none of its first characters shows', async () => {
    const w = await world();
    for (const definition of quoting) {
      // The excerpt is 300 characters (Graphite quotes 200 of a rejected target's reason): every cut through the token.
      for (const [status, prefix, from, to] of [
        [502, '', 280, 300],
        [400, 'Invalid parameters (', 180, 200],
      ] as const) {
        for (let pad = from; pad <= to; pad += 2) {
          answer = { status, type: 'text/plain', body: `${prefix}${'x'.repeat(pad)}${OTHER_TOKEN} ${OTHER_BASIC} and more after it)` };
          const result = await w.client.request('backends.test', { definition: at(definition, '/app.log') });
          expect(result.ok).toBe(false);
          w.expectNoLeak(result.message, `${definition.id}, ${status} cut at ${pad}`);
        }
      }
    }
  });

  it('never shows one in a backend status or log source event, nor in a log line', async () => {
    const w = await world();
    answer = { status: 502, type: 'text/plain', body: `${'x'.repeat(290)}${OTHER_TOKEN} proxy holds Basic ${OTHER_BASIC} and ${w.demoToken}` };
    await w.client.request('backends.save', { definition: at(definitions[2]!, '/app.log') });
    // The tail fails at once and says so on its source and in the backends' health.
    await expect.poll(() => w.events('logs.status').some(({ status }) => status.id === 'echo-logs' && status.state === 'reconnecting' && status.message)).toBe(true);
    await expect.poll(() => w.events('backends.changed').some(({ statuses }) => statuses.some((s) => s.id === 'echo-logs' && s.state === 'down'))).toBe(true);
    const down = w.events('backends.changed').flatMap(({ statuses }) => statuses).find((s) => s.id === 'echo-logs' && s.state === 'down');
    expect(down?.message).toMatch(/answered 502: x+…?/);
    w.expectNoLeak(JSON.stringify(w.seen), 'the events');
    const statuses = await w.client.request('backends.list', {});
    w.expectNoLeak(JSON.stringify(statuses), 'backends.list');
    w.expectNoLeak(w.logLines.join('\n'), 'the log');
  });
});

describe('a flip whose flag service fails with a message quoting a stored secret', () => {
  it('answers, records and announces the failure without it', async () => {
    const w = await world({
      wrap: (set) => {
        const real = set.flags!;
        // Not an OpsError: a library's own error, worded by someone who printed the whole request.
        const write = () => Promise.reject(new Error(`socket hang up (request had Authorization: ${OTHER_TOKEN}; upstream Basic ${OTHER_BASIC})`));
        return { ...set, flags: Object.assign(Object.create(real) as typeof real, { write }) };
      },
    });
    const input = await w.flipInput(KILL_SWITCH);
    const refusal = await w.flipRefusal(input);
    expect(refusal.message).toContain('socket hang up (request had Authorization: [redacted]; upstream Basic [redacted])');
    w.expectNoLeak(refusal.message, 'the answer');
    const [entry] = await w.audit();
    expect(entry?.message).toContain('[redacted]');
    w.expectNoLeak(JSON.stringify(entry), 'the audit entry');
    w.expectNoLeak(JSON.stringify(w.seen), 'the events');
    w.expectNoLeak(w.logLines.join('\n'), 'the log');
  });
});
