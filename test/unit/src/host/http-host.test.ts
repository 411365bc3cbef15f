import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHttpHost } from '../../../../src/host/http-host';
import type { HttpHost } from '../../../../src/host/http-host';
import { startTestCore } from '../../../support/core-fixture';
import { connectHttpBridge } from '../../../support/node-http-bridge';

let host: HttpHost;
let origin: string;
let staticDir: string;
let running: Awaited<ReturnType<typeof startTestCore>>;

beforeAll(async () => {
  running = await startTestCore();
  const { core, logger } = running;
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'ops-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Ops Console</title>');
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'assets', 'index-abc123.js'), 'console.log(1);\n//# sourceMappingURL=index-abc123.js.map');
  writeFileSync(path.join(staticDir, 'assets', 'index-abc123.js.map'), '{"version":3,"sources":["../../renderer/main.tsx"]}');
  host = await startHttpHost({ dispatch: core.dispatch, events: core.events, logger, staticDir });
  origin = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await running.stop();
  await host.close();
  rmSync(staticDir, { recursive: true });
});

/** A raw HTTP request, so the Host header can be anything (fetch will not let a test forge it). */
function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const jsonPost = (path: string, body: unknown, extra: Record<string, string> = {}) =>
  raw({ method: 'POST', path, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Origin: origin, ...extra } });

const signIn = async () => String((await jsonPost('/api/session', { token: host.token })).headers['set-cookie']).split(';')[0]!;

describe('browser-mode host', () => {
  it('prints an address on 127.0.0.1 with a 32-byte token in the fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
  });

  it('refuses API calls without the session cookie with 401', async () => {
    expect((await jsonPost('/api/request', { name: 'app.info', input: {} })).status).toBe(401);
    expect((await raw({ path: '/api/events' })).status).toBe(401);
  });

  it('refuses a wrong token and gives no cookie', async () => {
    const answer = await jsonPost('/api/session', { token: 'f'.repeat(64) });
    expect(answer.status).toBe(401);
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  it('exchanges the right token for an HttpOnly SameSite=Strict cookie', async () => {
    const answer = await jsonPost('/api/session', { token: host.token });
    expect(answer.status).toBe(204);
    expect(String(answer.headers['set-cookie'])).toMatch(/^ops_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/);
  });

  it('refuses a foreign Origin with 403, even with a valid session', async () => {
    const cookie = String((await jsonPost('/api/session', { token: host.token })).headers['set-cookie']).split(';')[0]!;
    const answer = await jsonPost('/api/request', { name: 'app.info', input: {} }, { Origin: 'http://evil.example', Cookie: cookie });
    expect(answer.status).toBe(403);
    expect((await jsonPost('/api/session', { token: host.token }, { Origin: 'null' })).status).toBe(403);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding), for the page as well as the API', async () => {
    expect((await raw({ path: '/', headers: { Host: `evil.example:${host.port}` } })).status).toBe(403);
    expect((await raw({ path: '/api/events', headers: { Host: 'evil.example' } })).status).toBe(403);
  });

  it('refuses a POST without an Origin header', async () => {
    const answer = await raw({ method: 'POST', path: '/api/session', body: JSON.stringify({ token: host.token }), headers: { 'Content-Type': 'application/json' } });
    expect(answer.status).toBe(403);
  });

  it('answers a body that is not JSON with invalid_input and keeps serving', async () => {
    const cookie = String((await jsonPost('/api/session', { token: host.token })).headers['set-cookie']).split(';')[0]!;
    const broken = await raw({ method: 'POST', path: '/api/request', body: '{"name": "app.info", ', headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie } });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const fine = await jsonPost('/api/request', { name: 'app.info', input: {} }, { Cookie: cookie });
    expect(JSON.parse(fine.body)).toMatchObject({ ok: true, value: { name: 'Ops Console' } });
  });

  it('serves the page with a strict Content-Security-Policy and never a file outside its folder', async () => {
    const page = await raw({ path: '/' });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await raw({ path: '/../../etc/passwd' })).status).toBe(404);
    expect((await raw({ path: '/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
  });

  it('listens on 127.0.0.1 only: another loopback address or the LAN address gets no answer', async () => {
    // A server bound to 0.0.0.0 would answer on 127.0.0.2 (all of 127/8 is loopback on Linux) and on the LAN.
    const lan = Object.values(os.networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal);
    for (const address of ['127.0.0.2', ...lan.map((i) => i!.address)]) {
      await expect(fetch(`http://${address}:${host.port}/`)).rejects.toThrow();
    }
    expect((await raw({ path: '/' })).status).toBe(200);
  });

  it("keeps what happens between a window's first request and its stream opening, and sends that first", async () => {
    const signIn = await jsonPost('/api/session', { token: host.token });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const stream = 'f0'.repeat(16);
    const asked = await jsonPost('/api/request', { name: 'app.info', input: {} }, { Cookie: cookie, 'X-Ops-Stream': stream });
    expect(JSON.parse(asked.body)).toMatchObject({ ok: true });
    const deploy = { id: 'early-1', kind: 'deploy' as const, at: 1, who: 'ci', what: 'deploy before the stream', link: null, tags: [] };
    running.core.events.emit('markers.added', { markers: [deploy] });
    const events = new AbortController();
    const response = await fetch(`${origin}/api/events?stream=${stream}`, { headers: { Cookie: cookie }, signal: events.signal });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('early-1')) text += new TextDecoder().decode((await reader.read()).value);
    events.abort();
    const first = text.split('\n\n').find((frame) => frame.startsWith('data: '));
    expect(JSON.parse(first!.slice(6))).toEqual({ name: 'markers.added', payload: { markers: [deploy] } });
  });

  it('streams events to a signed-in client', async () => {
    const bridge = await connectHttpBridge(host.url);
    const line = await new Promise((resolve) => bridge.on((event) => event.name === 'logs.lines' && resolve(event)));
    bridge.close();
    expect(line).toMatchObject({ name: 'logs.lines', payload: { sourceId: expect.stringMatching(/-app$/) } });
  });

  it('answers a path that is not valid percent-encoding with 400, not a failure of its own', async () => {
    for (const bad of ['/%', '/%zz', '/%E0%A4%A', '/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd']) {
      const answer = await raw({ path: bad });
      expect(answer.status, bad).toBe(400);
      expect(answer.body, bad).toMatch(/not valid percent-encoded/);
    }
    expect(running.logLines.filter((line) => line.includes('http.failed'))).toEqual([]);
    expect((await raw({ path: '/' })).status).toBe(200);
  });

  it('answers a request target that is not a URL with 400, not a failure of its own', async () => {
    // Absolute-form targets Node's parser lets through and the URL parser refuses: a bad IPv6 literal, a bad port, a bad host.
    for (const bad of ['http://[::1/', 'http://127.0.0.1:99999/', 'http://%zz/', '//[x/']) {
      const answer = await raw({ path: bad, headers: { Host: `127.0.0.1:${host.port}` } });
      expect(answer.status, bad).toBe(400);
      expect(answer.body, bad).toBe('That address is not a valid URL.');
    }
    expect(running.logLines.filter((line) => line.includes('http.failed'))).toEqual([]);
    expect((await raw({ path: '/' })).status).toBe(200);
  });

  it('serves source maps to a signed-in page only; the page and its scripts load before sign-in', async () => {
    expect((await raw({ path: '/assets/index-abc123.js' })).status).toBe(200);
    const map = '/assets/index-abc123.js.map';
    for (const disguised of [map, '/assets/index-abc123.js%2Emap', `${map}/`, '/assets/../assets/index-abc123.js.map']) {
      expect((await raw({ path: disguised })).status, disguised).toBe(401);
    }
    expect((await raw({ path: map, headers: { Cookie: await signIn() } })).status).toBe(200);
  });

  it('refuses a body over 1 MB with 413 and a readable reason, and keeps serving', async () => {
    const cookie = await signIn();
    const huge = JSON.stringify({ name: 'app.info', input: { padding: 'x'.repeat(2 << 20) } });
    const answer = await raw({ method: 'POST', path: '/api/request', body: huge, headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie } });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'The request body is larger than 1 MB.' } });
    expect(JSON.parse((await jsonPost('/api/request', { name: 'app.info', input: {} }, { Cookie: cookie })).body)).toMatchObject({ ok: true });
  });

  it('logs an upload the page abandoned as information, not as an error with a stack', async () => {
    const cookie = await signIn();
    const before = running.logLines.length;
    const socket = connect(host.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // With Expect: 100-continue the host says "go on" once the request is in its hands: the witness
    // that it is reading the body when the page goes away.
    const goOn = new Promise<void>((resolve) => socket.once('data', (chunk: Buffer) => chunk.toString().startsWith('HTTP/1.1 100') && resolve()));
    socket.write(
      `POST /api/request HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nOrigin: ${origin}\r\nCookie: ${cookie}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n',
    );
    await goOn;
    socket.write('{"name": "dashboards.save", "input": {');
    socket.destroy();
    await expect.poll(() => running.logLines.slice(before).find((line) => line.includes('http.client_aborted'))).toBeDefined();
    const logged = running.logLines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.find((line) => line.event === 'http.client_aborted')).toEqual({ at: expect.any(String), level: 'info', event: 'http.client_aborted', method: 'POST', url: '/api/request' });
    expect(logged.filter((line) => line.level === 'error')).toEqual([]);
  });
});

