import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { authHeaders, createHttpClient } from '../../../../src/backends/http-client';
import type { HttpAuth } from '../../../../src/contract/backend-definitions';
import { listenOnLoopback } from '../../../../src/loopback-server';

// A backend that answers every request with the error the test scripts, built from what it was
// sent: servers that echo the credentials in their error bodies exist (proxies that dump the
// request, APIs that say "invalid token abc…").
let reply: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(500).end();
const server = createServer((req, res) => reply(req, res));
let url = '';
let close: () => Promise<void>;

beforeAll(async () => ({ url, close } = await listenOnLoopback(server)));
afterAll(() => close());

const TOKEN = 'graphite-token-7c1e0b9d44a2';
const PASSWORD = 'hunter2-but-longer';
const secrets = { reveal: (name: string) => ({ token: TOKEN, password: PASSWORD })[name] };

/** The message of the error a GET (or HEAD) through the shared client fails with, for a backend using `auth`. */
async function failureOf(auth: HttpAuth, options: { method?: 'GET' | 'HEAD'; responseType?: 'arraybuffer' } = {}): Promise<string> {
  const client = createHttpClient({ name: 'Graphite (prod)', baseURL: url, headers: () => authHeaders(auth, secrets, 'Graphite (prod)') });
  const error: unknown = await client.request({ url: '/render', method: options.method ?? 'GET', ...(options.responseType ? { responseType: options.responseType } : {}) }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

const bearer: HttpAuth = { type: 'bearer', tokenSecret: 'token' };
const basic: HttpAuth = { type: 'basic', username: 'ops', passwordSecret: 'password' };

describe('HTTP client: what a failure says', () => {
  it('never passes on a token the backend echoed, in JSON, in HTML or in plain text', async () => {
    for (const [type, body] of [
      ['application/json', (auth: string) => JSON.stringify({ message: `token ${auth.slice(7)} is not valid here` })],
      ['text/html', (auth: string) => `<html><body><h1>Forbidden</h1><p>You sent: ${auth}</p></body></html>`],
      ['text/plain', (auth: string) => `upstream rejected ${auth}`],
    ] as const) {
      reply = (req, res) => res.writeHead(502, { 'Content-Type': type }).end(body(req.headers.authorization ?? ''));
      const message = await failureOf(bearer);
      expect(message, type).toMatch(/^Graphite \(prod\) at http:\/\/127\.0\.0\.1:\d+ answered 502: /);
      expect(message, type).toContain('[redacted]');
      expect(message, type).not.toContain(TOKEN.slice(0, 8));
    }
  });

  it("masks Basic auth's password and its base64 user:password form", async () => {
    reply = (req, res) => {
      const header = req.headers.authorization ?? '';
      const decoded = Buffer.from(header.slice(6), 'base64').toString();
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`bad credentials: header ${header}, that is ${decoded}`);
    };
    const message = await failureOf(basic);
    expect(message).toContain('bad credentials');
    expect(message).not.toContain(PASSWORD.slice(0, 6));
    expect(message).not.toContain(Buffer.from(`ops:${PASSWORD}`).toString('base64').slice(0, 8));
  });

  it('masks before cutting the body short, so a token cut at the end does not leak its first characters', async () => {
    for (let at = 280; at <= 300; at++) {
      reply = (req, res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${'x'.repeat(at)}${req.headers.authorization} and more after it`);
      const message = await failureOf(bearer);
      expect(message.endsWith('…'), `token at ${at}`).toBe(true);
      expect(message, `token at ${at}`).not.toMatch(/graph/);
    }
  });

  it('shows an HTML error page as a short text excerpt, and a log read (bytes) as text rather than a Buffer dump', async () => {
    // nginx's own 503 page, its padding comments included.
    const page =
      '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' +
      '<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n'.repeat(6);
    reply = (_req, res) => res.writeHead(503, { 'Content-Type': 'text/html' }).end(page);
    for (const responseType of [undefined, 'arraybuffer'] as const) {
      const message = await failureOf(bearer, responseType ? { responseType } : {});
      expect(message, responseType).toMatch(/answered 503: Service Temporarily Unavailable nginx\.$/);
    }
  });

  it('says the status text when the answer has no body (a HEAD)', async () => {
    reply = (_req, res) => res.writeHead(502, 'Bad Gateway').end();
    expect(await failureOf(bearer, { method: 'HEAD' })).toMatch(/answered 502: Bad Gateway\.$/);
  });
});
