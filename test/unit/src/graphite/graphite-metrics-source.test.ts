import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GraphiteDefinition } from '../../../../src/contract/backend-definitions';
import { startGraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import type { GraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import { DemoWorld } from '../../../../src/demo/world';
import { createGraphiteMetricsSource } from '../../../../src/graphite/graphite-metrics-source';

const NOW = Date.UTC(2026, 10, 22, 14, 0, 0);
const noSecrets = { reveal: () => undefined };
const signal = new AbortController().signal;
const query = { targets: ['web.*.requests'], from: NOW - 600_000, until: NOW, maxDataPoints: 100 };
let demo: GraphiteDemoServer;

const graphiteAt = (url: string, extra: Partial<GraphiteDefinition> = {}): GraphiteDefinition => ({
  id: 'prod',
  kind: 'graphite',
  name: 'Graphite (prod)',
  url,
  auth: { type: 'none' },
  ...extra,
});

/** A throwaway server that answers every request with one canned response and remembers the headers it got. */
async function cannedServer(status: number, type: string, body: string) {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  demo = await startGraphiteDemoServer(new DemoWorld(() => NOW));
});
afterAll(() => demo.close());

describe('Graphite metrics source', () => {
  it('is named as configured, and its connection test says what answered', async () => {
    const source = createGraphiteMetricsSource(graphiteAt(demo.url), noSecrets);
    expect(source).toMatchObject({ id: 'prod', kind: 'graphite', name: 'Graphite (prod)' });
    await expect(source.check(signal)).resolves.toBe('Graphite 1.1.8 answered: 5 metrics at the top level (api, checkout, deploys, search, web).');
    expect(createGraphiteMetricsSource(graphiteAt(demo.url, { name: undefined }), noSecrets).name).toBe('prod');
  });

  it('says the connection was refused when nothing listens there', async () => {
    const gone = await cannedServer(200, 'application/json', '[]');
    await gone.close();
    const source = createGraphiteMetricsSource(graphiteAt(gone.url), noSecrets);
    await expect(source.render(query, signal)).rejects.toThrow(`Graphite (prod) at ${gone.url} refused the connection (is it running?).`);
    await expect(source.check(signal)).rejects.toThrow('refused the connection');
  });

  it("turns Django's 500 page into a sentence without HTML", async () => {
    const broken = await cannedServer(500, 'text/html', '<!doctype html><html><body><h1>Server Error (500)</h1></body></html>');
    try {
      const source = createGraphiteMetricsSource(graphiteAt(broken.url), noSecrets);
      const failure = source.render(query, signal);
      await expect(failure).rejects.toThrow('Graphite (prod) could not evaluate the target "web.*.requests" (server error 500). Check the syntax and the function arguments.');
      await expect(failure).rejects.toMatchObject({ code: 'backend_unavailable' });
    } finally {
      await broken.close();
    }
  });

  it('says so when something other than Graphite answers, such as a proxy login page', async () => {
    const proxy = await cannedServer(200, 'text/html', '<html><body><form>Sign in to continue</form></body></html>');
    try {
      const source = createGraphiteMetricsSource(graphiteAt(proxy.url), noSecrets);
      await expect(source.render(query, signal)).rejects.toThrow(/answered with something other than Graphite's JSON \("Sign in to continue…"\)/);
    } finally {
      await proxy.close();
    }
  });

  it('sends basic auth from the secret store, and names the secret when it is not set', async () => {
    const guarded = await cannedServer(200, 'application/json', '[]');
    try {
      const auth = { type: 'basic' as const, username: 'oncall', passwordSecret: 'graphite.password' };
      const secrets = { reveal: (name: string) => (name === 'graphite.password' ? 's3cret' : undefined) };
      await createGraphiteMetricsSource(graphiteAt(guarded.url, { auth }), secrets).render(query, signal);
      expect(guarded.seen[0]!.authorization).toBe(`Basic ${Buffer.from('oncall:s3cret').toString('base64')}`);
      await expect(createGraphiteMetricsSource(graphiteAt(guarded.url, { auth }), noSecrets).render(query, signal)).rejects.toThrow(
        'Graphite (prod) needs the secret "graphite.password", which is not set.',
      );
    } finally {
      await guarded.close();
    }
  });
});
