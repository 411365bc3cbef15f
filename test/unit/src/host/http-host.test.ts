import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
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
});
