import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DemoFlagStore, MISBEHAVING_FLAG } from '../../../../src/demo/demo-flags';
import { startUnleashDemoServer } from '../../../../src/demo/unleash-demo-server';
import type { UnleashDemoServer } from '../../../../src/demo/unleash-demo-server';
import { readAudience } from '../../../../src/flags/unleash-audience';

const TOKEN = '*:*.demo-admin-token';
const P = '/api/admin/projects/default/features';
let store: DemoFlagStore;
let server: UnleashDemoServer;
beforeEach(async () => {
  store = new DemoFlagStore(() => Date.UTC(2026, 10, 23, 14, 0, 0));
  server = await startUnleashDemoServer(store, { token: TOKEN });
});
afterEach(() => server.close());

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(server.url + path, {
    method,
    headers: { Authorization: TOKEN, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('the demo world’s flags', () => {
  it('show every audience, tags, stale flags and a kill switch per service, with the misbehaving release on in production', () => {
    const flags = store.list();
    expect(flags).toHaveLength(300);
    const audiences = new Set(flags.flatMap((f) => f.environments.map((e) => readAudience(e.strategies).audience)));
    expect([...audiences].sort()).toEqual(['dark', 'everyone', 'percentage', 'staff']);
    expect(flags.filter((f) => f.stale).length).toBeGreaterThan(5);
    for (const service of ['checkout', 'payments', 'feed', 'mail']) {
      const kill = flags.find((f) => f.name.startsWith(`${service}.kill-`));
      expect(kill, service).toMatchObject({ type: 'kill-switch', tags: [{ value: service }, { value: 'incident' }] });
      expect(kill!.environments.find((e) => e.name === 'production')!.enabled, service).toBe(false);
    }
    expect(store.get('checkout.kill-tax-engine')).toBeDefined();
    expect(store.get(MISBEHAVING_FLAG)!.environments.find((e) => e.name === 'production')!.enabled).toBe(true);
  });
});

describe('the demo Unleash’s strategy writes, as Unleash 8.2 answers them', () => {
  const strategies = (flag: string) => `${P}/${flag}/environments/production/strategies`;

  it('replaces a strategy by PATCH when its tests hold, and refuses the whole patch with a 500 when one fails', async () => {
    const path = `${strategies('feed.ranking-v2')}/feed.ranking-v2:production:0`;
    const staff = [{ contextName: 'userGroup', operator: 'IN', values: ['staff'] }];
    const ok = await call('PATCH', path, [
      { op: 'test', path: '/parameters/rollout', value: '10' },
      { op: 'replace', path: '/constraints', value: staff },
      { op: 'add', path: '/title', value: 'dark-launch' },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ constraints: staff, title: 'dark-launch', parameters: { rollout: '10' } });
    const refused = await call('PATCH', path, [{ op: 'test', path: '/parameters/rollout', value: '99' }, { op: 'replace', path: '/constraints', value: [] }]);
    expect(refused).toMatchObject({ status: 500, json: { name: 'UnknownError' } });
    expect(String(refused.json!.message)).toContain('TEST_OPERATION_FAILED');
    expect(store.get('feed.ranking-v2')!.environments[1]!.strategies[0]!.constraints).toEqual(staff);
    expect(store.events().at(-1)).toMatchObject({ type: 'feature-strategy-update', createdBy: 'admin' });
  });

  it('adds a strategy by POST without turning the environment on, and says who the token is', async () => {
    const flag = store.list().find((f) => f.environments[1]!.enabled === false)!;
    flag.environments[1]!.strategies = [];
    const added = await call('POST', strategies(flag.name), { name: 'flexibleRollout', parameters: { rollout: 30, stickiness: 'default', groupId: flag.name }, constraints: [] });
    expect(added).toMatchObject({ status: 200, json: { name: 'flexibleRollout', parameters: { rollout: '30' } } });
    expect(store.get(flag.name)!.environments[1]).toMatchObject({ enabled: false, strategies: [{ parameters: { rollout: '30' } }] });
    expect((await call('POST', strategies(flag.name), { parameters: {} })).status).toBe(400);
    expect((await call('GET', '/api/admin/user')).json).toMatchObject({ user: { username: 'admin' } });
    expect((await call('GET', `/api/admin/features/${flag.name}/tags`)).json).toMatchObject({ tags: expect.arrayContaining([expect.objectContaining({ type: 'simple', value: flag.name.split('.')[0] })]) });
  });
});
