// "The in-house service": a small config-driven flag service of the Etsy kind, as a team would
// write it, on node:http on 127.0.0.1. Its JSON is deliberately not Unleash's (snake_case, flags
// under `data.flags`, a state per environment short name, times in epoch seconds), so the generic
// HTTP/JSON adapter is tested through its field mapping, not through shapes it already knows.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { FlagServiceDefinition } from '../../../src/contract/backend-definitions';
import type { HttpJsonFlagDefinition } from '../../../src/flags/http-json-flag-mapping';

export interface InHouseFlag {
  name: string;
  kind: string;
  notes: string;
  labels: string[];
  retired: boolean;
  state: Record<string, { on: boolean; percent: number }>;
  modified: { at: number; by: string };
}

export interface InHouseFlagService {
  url: string;
  token: string;
  /** May read, not change: a write with it is answered 403. */
  readOnlyToken: string;
  flags: Map<string, InHouseFlag>;
  /** Every request, for tests that look at what was sent. */
  requests: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
}

export async function startInHouseFlagService(flags: InHouseFlag[], token = 'in-house-secret'): Promise<InHouseFlagService> {
  const store = new Map(flags.map((f) => [f.name, structuredClone(f)]));
  const requests: InHouseFlagService['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text ? JSON.parse(text) : undefined;
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, body });
      const reply = (status: number, value: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
      const readOnly = req.headers.authorization === `Bearer ${token}-read-only`;
      if (req.headers.authorization !== `Bearer ${token}` && !readOnly) return reply(401, { error: 'bad token' });
      if (readOnly && req.method !== 'GET') return reply(403, { error: 'this token may only read' });
      const parts = path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
      if (parts[0] !== 'v1' || parts[1] !== 'flags') return reply(404, { error: 'no such endpoint' });
      if (parts.length === 2 && req.method === 'GET') return reply(200, { data: { flags: [...store.values()] } });
      const flag = store.get(parts[2] ?? '');
      if (!flag) return reply(404, { error: `no flag ${parts[2]}` });
      if (parts.length === 3 && req.method === 'GET') return reply(200, { flag });
      if (parts.length === 5 && parts[3] === 'state' && req.method === 'PUT') {
        const state = flag.state[parts[4]!];
        const wanted = body as { on?: unknown; percent?: unknown; by?: unknown };
        if (!state) return reply(404, { error: `no environment ${parts[4]}` });
        if (typeof wanted.on !== 'boolean' || typeof wanted.percent !== 'number') return reply(400, { error: 'on (boolean) and percent (number) are required' });
        state.on = wanted.on;
        state.percent = wanted.percent;
        flag.modified = { at: Math.floor(Date.now() / 1000), by: typeof wanted.by === 'string' ? wanted.by : 'api' };
        return reply(200, { flag });
      }
      return reply(405, { error: 'method not allowed' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    readOnlyToken: `${token}-read-only`,
    flags: store,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The adapter's definition for this service, parsed as the config file or Settings would (the
 * contract fills in the defaults): both environments map a percentage, production is production.
 */
export function inHouseDefinition(service: Pick<InHouseFlagService, 'url'>): HttpJsonFlagDefinition {
  return FlagServiceDefinition.parse({
    id: 'in-house',
    kind: 'flags',
    type: 'http-json',
    name: 'Config flags',
    url: service.url,
    auth: { type: 'bearer', tokenSecret: 'flags.token' },
    list: { path: '/v1/flags', itemsPath: 'data.flags' },
    read: { path: '/v1/flags/{key}', itemPath: 'flag' },
    environments: [
      { name: 'development', serviceName: 'dev', enabled: 'state.dev.on', rolloutPercent: 'state.dev.percent' },
      { name: 'production', serviceName: 'prod', enabled: 'state.prod.on', rolloutPercent: 'state.prod.percent', production: true },
    ],
    fields: { key: 'name', type: 'kind', description: 'notes', tags: 'labels', stale: 'retired', updatedAt: 'modified.at', updatedBy: 'modified.by' },
    flip: { method: 'PUT', path: '/v1/flags/{key}/state/{environment}', body: '{"on": "{enabled}", "percent": "{rolloutPercent}", "by": "ops-console"}' },
  }) as HttpJsonFlagDefinition;
}
