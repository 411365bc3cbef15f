import { describe, expect, it } from 'vitest';

import { FlagServiceDefinition } from '../../../../src/contract/backend-definitions';
import { InvalidInputError } from '../../../../src/errors';
import { flipBody, flipPath, itemToFlag } from '../../../../src/flags/http-json-flag-mapping';
import type { HttpJsonFlagDefinition } from '../../../../src/flags/http-json-flag-mapping';

const definition = (extra: Record<string, unknown> = {}) =>
  FlagServiceDefinition.parse({
    id: 'config-flags',
    kind: 'flags',
    type: 'http-json',
    url: 'https://flags.internal',
    list: { path: '/flags' },
    environments: [{ name: 'production', serviceName: 'prod', enabled: 'prod.on', rolloutPercent: 'prod.pct', production: true }],
    fields: { key: 'id', type: 'meta.kind', description: 'meta.why', tags: 'meta.tags', stale: 'meta.dead', updatedAt: 'meta.at', updatedBy: 'meta.by' },
    flip: { path: '/flags/{key}/{environment}' },
    ...extra,
  }) as HttpJsonFlagDefinition;

describe('an in-house service’s JSON, mapped field by field', () => {
  it('reads every field from its dotted path, with the usual in-house spellings of switches, types and times', () => {
    const flag = itemToFlag({ id: 'cart_v2', prod: { on: 'on', pct: '30' }, meta: { kind: 'Kill_Switch', why: 'New cart', tags: 'checkout, incident', dead: 1, at: 1_763_900_000, by: 'mia' } }, definition());
    expect(flag).toEqual({
      key: 'cart_v2',
      project: 'config-flags',
      type: 'kill-switch',
      description: 'New cart',
      tags: ['checkout', 'incident'],
      stale: true,
      environments: [{ name: 'production', production: true, enabled: true, audience: 'percentage', rolloutPercent: 30 }],
      updatedAt: 1_763_900_000_000,
      updatedBy: 'mia',
    });
  });

  it('reads 100 % or no percentage as everyone, missing optional fields as empty, and drops an item without a key', () => {
    const def = definition();
    expect(itemToFlag({ id: 'a', prod: { on: false, pct: 100 } }, def)).toMatchObject({ type: 'release', description: '', tags: [], stale: false, updatedAt: null, updatedBy: null, environments: [{ enabled: false, audience: 'everyone', rolloutPercent: null }] });
    expect(itemToFlag({ id: 'b', prod: { on: 'true' } }, def)!.environments[0]).toMatchObject({ enabled: true, audience: 'everyone' });
    expect(itemToFlag({ name: 'no id here' }, def)).toBeNull();
  });

  it('builds the flip request from the templates: typed placeholders, names replaced inside strings, the service’s name for the environment', () => {
    const def = definition({ flip: { method: 'PUT', path: '/flags/{key}/{environment}', body: '{"state": {"on": "{enabled}", "pct": "{rolloutPercent}"}, "note": "{key} in {environment}"}' } });
    const env = def.environments[0]!;
    expect(flipPath(def.flip.path, 'a/b c', env.serviceName!)).toBe('/flags/a%2Fb%20c/prod');
    expect(flipBody(def, 'cart_v2', env, { enabled: true, audience: 'percentage', rolloutPercent: 40 })).toEqual({ state: { on: true, pct: 40 }, note: 'cart_v2 in prod' });
    expect(flipBody(def, 'cart_v2', env, { enabled: false, audience: 'everyone', rolloutPercent: null })).toEqual({ state: { on: false, pct: 100 }, note: 'cart_v2 in prod' });
    expect(flipBody(definition(), 'x', env, { enabled: true, audience: 'everyone', rolloutPercent: null })).toEqual({ enabled: true });
  });

  it('refuses what the service cannot hold instead of sending something else', () => {
    const def = definition();
    const env = def.environments[0]!;
    expect(() => flipBody(def, 'x', env, { enabled: true, audience: 'dark', rolloutPercent: null })).toThrow('config-flags switches flags on and off and by percentage only: it has no dark audience.');
    expect(() => flipBody(def, 'x', env, { enabled: true, audience: 'percentage', rolloutPercent: 101 })).toThrow(InvalidInputError);
    const noPercent = definition({ environments: [{ name: 'production', enabled: 'prod.on' }] });
    expect(() => flipBody(noPercent, 'x', noPercent.environments[0]!, { enabled: true, audience: 'percentage', rolloutPercent: 10 })).toThrow('has no rollout percentage configured for production');
    const broken = definition({ flip: { path: '/f', body: '{"on": {enabled}}' } });
    expect(() => flipBody(broken, 'x', env, { enabled: true, audience: 'everyone', rolloutPercent: null })).toThrow(/the flip body template is not JSON/);
  });

  it('is a definition the contract checks: a read path must name the flag', () => {
    expect(() => definition({ read: { path: '/flags/one' } })).toThrow();
    expect(definition().flip).toEqual({ method: 'POST', path: '/flags/{key}/{environment}', body: '{"enabled": "{enabled}"}' });
  });
});
