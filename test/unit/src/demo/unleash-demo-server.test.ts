import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DemoFlagStore, MISBEHAVING_FLAG } from '../../../../src/demo/demo-flags';
import { startUnleashDemoServer } from '../../../../src/demo/unleash-demo-server';
import type { UnleashDemoServer } from '../../../../src/demo/unleash-demo-server';

const TOKEN = '*:*.demo-admin-token';
const NOW = Date.UTC(2026, 10, 23, 14, 0, 0);
const P = '/api/admin/projects/default/features';

let store: DemoFlagStore;
let server: UnleashDemoServer;

beforeEach(async () => {
  store = new DemoFlagStore(() => NOW);
  server = await startUnleashDemoServer(store, { token: TOKEN });
});
afterEach(() => server.close());

async function call(method: string, path: string, init: { body?: string; headers?: Record<string, string>; token?: string | null } = {}) {
  const headers: Record<string, string> = { ...(init.token === null ? {} : { Authorization: init.token ?? TOKEN }), ...init.headers };
  const response = await fetch(server.url + path, { method, headers, body: init.body });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), text, json: text ? JSON.parse(text) : undefined };
}

const json = (value: unknown) => ({ body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } });

describe('demo Unleash server', () => {
  it('turns away requests without the token, in the two shapes Unleash uses', async () => {
    const missing = await call('GET', P, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ name: 'AuthenticationRequired', path: '/auth/simple/login', type: 'password' });
    const wrong = await call('GET', P, { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ name: 'UnauthorizedError', message: 'You must log in to use Unleash.' });
    expect((await call('GET', '/health', { token: null })).json).toEqual({ health: 'GOOD' });
  });

  it('answers a path it cannot percent-decode as Unleash 8.2 does: 400 outside the API, UnknownError for a param', async () => {
    for (const path of ['/%', '/%zz', '/%E0%A4%A', '/assets/%c0%ae%c0%ae/index.html']) {
      const response = await fetch(server.url + path, { headers: { Authorization: TOKEN } });
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<pre>Bad Request</pre>');
    }
    const param = await call('GET', `${P}/%E0%A4%A/environments/production`);
    expect(param.status).toBe(500);
    expect(param.json).toEqual({ name: 'UnknownError', message: "Failed to decode param '%E0%A4%A'", details: [{ message: "Failed to decode param '%E0%A4%A'" }] });
    // The token is still checked first.
    expect((await call('GET', `${P}/%zz`, { token: null })).status).toBe(401);
  });

  it('lists every flag with its state per environment but no strategy details, and answers 304 while nothing changed', async () => {
    const first = await call('GET', P);
    expect(first.json.version).toBe(2);
    expect(first.json.features).toHaveLength(300);
    const flag = first.json.features.find((f: { name: string }) => f.name === MISBEHAVING_FLAG);
    expect(flag.environments).toEqual([
      expect.objectContaining({ name: 'development', type: 'development', hasStrategies: true, hasEnabledStrategies: true }),
      expect.objectContaining({ name: 'production', enabled: true, hasStrategies: true }),
    ]);
    expect(flag.environments[0]).not.toHaveProperty('strategies');
    expect(first.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);

    const again = await call('GET', P, { headers: { 'If-None-Match': first.etag! } });
    expect(again).toMatchObject({ status: 304, text: '' });

    expect((await call('POST', `${P}/${MISBEHAVING_FLAG}/environments/production/off`)).status).toBe(200);
    const changed = await call('GET', P, { headers: { 'If-None-Match': first.etag! } });
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
  });

  it('gives one flag with its strategies, and Unleash’s NotFoundError for a flag or environment it does not have', async () => {
    const feed = await call('GET', `${P}/feed.ranking-v2`);
    expect(feed.json.environments[1].strategies).toEqual([
      expect.objectContaining({ name: 'flexibleRollout', parameters: expect.objectContaining({ rollout: '10' }), constraints: [], segments: [] }),
    ]);
    const missing = await call('GET', `${P}/nope.flag`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ name: 'NotFoundError', message: 'There\'s no feature named "nope.flag" in project "default".' });
    const env = await call('POST', `${P}/feed.ranking-v2/environments/staging/on`);
    expect(env.status).toBe(404);
    expect(env.json.message).toBe('Could not find environment staging for feature: feed.ranking-v2');
  });

  it('flips with an empty 200, records who did it, and writes no event when the state does not change', async () => {
    const before = store.events().length;
    const off = await call('POST', `${P}/${MISBEHAVING_FLAG}/environments/production/off`);
    expect(off).toMatchObject({ status: 200, text: '' });
    expect((await call('POST', `${P}/${MISBEHAVING_FLAG}/environments/production/off`)).status).toBe(200);
    expect(store.events()).toHaveLength(before + 1);

    const env = await call('GET', `${P}/${MISBEHAVING_FLAG}/environments/production`);
    expect(env.json).toMatchObject({ name: MISBEHAVING_FLAG, environment: 'production', enabled: false });
    const search = await call('GET', `/api/admin/search/events?feature=IS:${MISBEHAVING_FLAG}&environment=IS:production&limit=5`);
    expect(search.json.events[0]).toMatchObject({ type: 'feature-environment-disabled', createdBy: 'admin', createdByUserId: -42, label: 'Flag disabled' });
    expect(search.json.events[1]).toMatchObject({ type: 'feature-environment-enabled', createdBy: 'kastner@example.com' });
    expect(search.json.total).toBe(2);
    const legacy = await call('GET', '/api/admin/events');
    expect(legacy.json.version).toBe(1);
    expect(legacy.json.events[0]).toMatchObject({ featureName: MISBEHAVING_FLAG, createdBy: 'admin' });
  });

  it('answers a rollout PATCH whose test op fails with Unleash’s 500 and changes nothing; a passing one applies', async () => {
    const path = `${P}/feed.ranking-v2/environments/production/strategies/feed.ranking-v2:production:0`;
    const events = store.events().length;
    const failed = await call('PATCH', path, json([{ op: 'test', path: '/parameters/rollout', value: '50' }, { op: 'replace', path: '/parameters/rollout', value: '60' }]));
    expect(failed.status).toBe(500);
    expect(failed.json.name).toBe('UnknownError');
    expect(failed.json.message).toMatch(/^Test operation failed\nname: TEST_OPERATION_FAILED/);
    expect(store.get('feed.ranking-v2')!.environments[1]!.strategies[0]!.parameters.rollout).toBe('10');
    expect(store.events()).toHaveLength(events);

    const applied = await call('PATCH', path, json([{ op: 'test', path: '/parameters/rollout', value: '10' }, { op: 'replace', path: '/parameters/rollout', value: 60 }]));
    expect(applied.status).toBe(200);
    expect(applied.json.parameters.rollout).toBe('60');
    expect(store.events().at(-1)).toMatchObject({ type: 'feature-strategy-update', createdBy: 'admin' });
  });

  it('stores a PUT rollout of 150 as Unleash does, unchecked', async () => {
    const path = `${P}/feed.ranking-v2/environments/production/strategies/feed.ranking-v2:production:0`;
    const put = await call('PUT', path, json({ name: 'flexibleRollout', parameters: { rollout: 150, stickiness: 'default', groupId: 'feed.ranking-v2' } }));
    expect(put.status).toBe(200);
    expect(put.json.parameters.rollout).toBe('150');
  });

  it('answers unknown paths with NotFoundError and a form-typed body with 415', async () => {
    const removed = await call('GET', '/api/admin/features');
    expect(removed.status).toBe(404);
    expect(removed.json.message).toBe('The path you were looking for (/api/admin/features) is not available.');
    const form = await call('POST', `${P}/feed.ranking-v2/environments/production/off`, { body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.json.name).toBe('ContentTypeError');
    expect(store.get('feed.ranking-v2')!.environments[1]!.enabled).toBe(true);
  });

  it('lists another project as empty, like Unleash, rather than 404', async () => {
    expect((await call('GET', '/api/admin/projects/nope/features')).json).toEqual({ version: 2, features: [] });
  });
});
