import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHttpJsonDeploySource } from '../../../../src/deploys/http-json-deploy-source';
import type { HttpJsonDeployDefinition } from '../../../../src/deploys/http-json-deploy-source';

const NOW = Date.UTC(2026, 10, 22, 14, 0, 0);
const noSecrets = { reveal: () => undefined };
const signal = new AbortController().signal;

// A deploy tool's API, nested the way such APIs are, with the time written three ways.
const deployLog = {
  data: {
    deploys: [
      { author: { name: 'allspaw' }, summary: 'web: fix N+1 query', finished: '2026-11-22T13:50:00Z', url: 'https://deploy.example/1231' },
      { author: { name: 'kastner' }, summary: 'api: tune pool size', finished: (NOW - 20 * 60_000) / 1000, url: 'javascript:alert(1)' },
      { author: { name: 'snyder' }, summary: 'search: new weights', finished: String(NOW - 5 * 60_000) },
      { author: { name: 'dixon' }, summary: 'an entry without a time' },
      { author: { name: 'hammond' }, summary: 'yesterday', finished: '2026-11-21T09:00:00Z' },
    ],
  },
};

let url: string;
const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(req.url === '/flat' ? [] : deployLog));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const definition = (extra: Partial<HttpJsonDeployDefinition> = {}): HttpJsonDeployDefinition => ({
  id: 'deploy-log',
  name: 'Deploy log',
  kind: 'deploys',
  type: 'http-json',
  url: `${url}/api/deploys`,
  auth: { type: 'none' },
  itemsPath: 'data.deploys',
  fields: { who: 'author.name', what: 'summary', when: 'finished', link: 'url' },
  ...extra,
});

describe('deploy markers from an HTTP JSON deploy log', () => {
  it('maps who/what/when/link from the configured fields, whatever way the time is written', async () => {
    const markers = await createHttpJsonDeploySource(definition(), noSecrets).list(NOW - 3_600_000, NOW, signal);
    expect(markers).toEqual([
      { id: expect.any(String), kind: 'deploy', at: NOW - 20 * 60_000, who: 'kastner', what: 'api: tune pool size', link: null, tags: ['deploy'] },
      { id: expect.any(String), kind: 'deploy', at: NOW - 10 * 60_000, who: 'allspaw', what: 'web: fix N+1 query', link: 'https://deploy.example/1231', tags: ['deploy'] },
      { id: expect.any(String), kind: 'deploy', at: NOW - 5 * 60_000, who: 'snyder', what: 'search: new weights', link: null, tags: ['deploy'] },
    ]);
    expect(new Set(markers.map((m) => m.id)).size).toBe(3);
  });

  it('says in its connection test what it found and what it had to leave out', async () => {
    await expect(createHttpJsonDeploySource(definition(), noSecrets, () => NOW).check(signal)).resolves.toBe(
      'Deploy log answered: 4 deploys listed (1 item without a readable "finished" left out); the latest 5 min ago by snyder: search: new weights.',
    );
  });

  it('says where it looked when the items path does not lead to a list', async () => {
    const source = createHttpJsonDeploySource(definition({ itemsPath: 'data.items' }), noSecrets);
    await expect(source.list(0, NOW, signal)).rejects.toThrow(`Deploy log at ${url}/api/deploys answered, but "data.items" in its answer is not a list of deploys`);
    await expect(createHttpJsonDeploySource(definition({ url: `${url}/flat`, itemsPath: '' }), noSecrets).list(0, NOW, signal)).resolves.toEqual([]);
  });
});
