import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startLogDemoServer } from '../../../../src/demo/log-demo-server';
import type { LogDemoServer } from '../../../../src/demo/log-demo-server';

let top: string;
let served: string;
let server: LogDemoServer;
const LOG = '0123456789'.repeat(24_000); // 240,000 bytes, as in the spike's measurements

beforeAll(async () => {
  top = mkdtempSync(path.join(os.tmpdir(), 'ops-log-server-'));
  served = path.join(top, 'logs');
  mkdirSync(path.join(served, 'web-1'), { recursive: true });
  writeFileSync(path.join(served, 'web-1', 'app.log'), LOG);
  writeFileSync(path.join(served, 'empty.log'), '');
  writeFileSync(path.join(top, 'secret.txt'), 'not for you');
  symlinkSync(path.join(top, 'secret.txt'), path.join(served, 'link.log'));
  server = await startLogDemoServer(served);
});

afterAll(async () => {
  await server.close();
  rmSync(top, { recursive: true, force: true });
});

/** A raw request, so paths reach the server exactly as written (fetch would resolve `..`). */
function raw(method: string, urlPath: string, headers: Record<string, string> = {}) {
  const { port } = new URL(server.url);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: urlPath, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo log host', () => {
  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers HEAD with the size, an nginx-style ETag and no caching', async () => {
    const head = await raw('HEAD', '/web-1/app.log');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers).toMatchObject({ 'content-length': '240000', 'accept-ranges': 'bytes', 'cache-control': 'no-cache' });
    expect(head.headers.etag).toMatch(/^"[0-9a-f]+-3a980"$/);
    expect(Date.parse(String(head.headers['last-modified']))).toBeGreaterThan(0);
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const open = await raw('GET', '/web-1/app.log', { Range: 'bytes=239990-' });
    expect(open).toMatchObject({ status: 206, body: LOG.slice(239_990) });
    expect(open.headers['content-range']).toBe('bytes 239990-239999/240000');
    const suffix = await raw('GET', '/web-1/app.log', { Range: 'bytes=-65536' });
    expect(suffix.headers['content-range']).toBe('bytes 174464-239999/240000');
    expect(suffix.body).toHaveLength(65_536);
    const closed = await raw('GET', '/web-1/app.log', { Range: 'bytes=5-9' });
    expect(closed).toMatchObject({ status: 206, body: '56789' });
  });

  it('answers 416 with the size when nothing is past the offset', async () => {
    for (const range of ['bytes=240000-', 'bytes=999999-']) {
      const answer = await raw('GET', '/web-1/app.log', { Range: range });
      expect(answer).toMatchObject({ status: 416, body: '' });
      expect(answer.headers['content-range']).toBe('bytes */240000');
    }
    expect((await raw('GET', '/empty.log', { Range: 'bytes=0-' })).headers['content-range']).toBe('bytes */0');
  });

  it('sends the whole file for several ranges, or for a stale If-Range', async () => {
    expect(await raw('GET', '/web-1/app.log', { Range: 'bytes=0-9,20-29' })).toMatchObject({ status: 200, body: LOG });
    expect(await raw('GET', '/web-1/app.log', { Range: 'bytes=0-9', 'If-Range': '"0-0"' })).toMatchObject({ status: 200, body: LOG });
  });

  it('sees a growing file grow at once', async () => {
    const file = path.join(served, 'growing.log');
    writeFileSync(file, 'one\n');
    expect((await raw('HEAD', '/growing.log')).headers['content-length']).toBe('4');
    appendFileSync(file, 'two\n');
    expect(await raw('GET', '/growing.log', { Range: 'bytes=4-' })).toMatchObject({ status: 206, body: 'two\n' });
  });

  it('refuses every method that is not a read, and changes nothing', async () => {
    for (const method of ['PUT', 'POST', 'DELETE', 'PATCH']) {
      expect((await raw(method, '/web-1/app.log')).status).toBe(403);
    }
    expect(readFileSync(path.join(served, 'web-1', 'app.log'), 'latin1')).toBe(LOG);
  });

  it('serves nothing outside its directory', async () => {
    for (const urlPath of ['/../secret.txt', '/..%2fsecret.txt', '/web-1/../../secret.txt', '/web-1/%2e%2e/%2e%2e/secret.txt', '/link.log', '/', '/web-1', '/%00']) {
      expect({ urlPath, status: (await raw('GET', urlPath)).status }).toEqual({ urlPath, status: 404 });
    }
  });
});
