// The generic HTTP/JSON flag adapter against "the in-house service" (support/in-house-flag-service.ts),
// a real HTTP server started here: its field mapping, the flip request built from the templates,
// and the same guard as Unleash (a change since the user loaded the flag is a conflict, not overwritten).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FlagSetting } from '../../src/contract/wire-types';
import { InvalidInputError } from '../../src/errors';
import { FlagConflictError } from '../../src/flags/flag-conflict';
import { createHttpJsonFlagService } from '../../src/flags/http-json-flag-service';
import type { HttpJsonFlagDefinition } from '../../src/flags/http-json-flag-mapping';
import { inHouseDefinition, startInHouseFlagService } from './support/in-house-flag-service';
import type { InHouseFlag, InHouseFlagService } from './support/in-house-flag-service';

const signal = () => AbortSignal.timeout(5_000);
const AN_HOUR_AGO = Math.floor(Date.now() / 1000) - 3600;
const FLAGS: InHouseFlag[] = [
  { name: 'checkout_new_cart', kind: 'release', notes: 'New cart', labels: ['checkout'], retired: false, state: { prod: { on: true, percent: 25 }, dev: { on: true, percent: 100 } }, modified: { at: AN_HOUR_AGO, by: 'mia' } },
  { name: 'search_kill_suggest', kind: 'Kill Switch', notes: 'Sheds suggestions', labels: ['search', 'incident'], retired: false, state: { prod: { on: false, percent: 100 }, dev: { on: false, percent: 100 } }, modified: { at: AN_HOUR_AGO, by: 'ops' } },
  { name: 'old_banner', kind: 'release', notes: '', labels: [], retired: true, state: { prod: { on: false, percent: 0 }, dev: { on: true, percent: 100 } }, modified: { at: AN_HOUR_AGO, by: 'jo' } },
];

let service: InHouseFlagService;
let definition: HttpJsonFlagDefinition;
beforeAll(async () => {
  service = await startInHouseFlagService(FLAGS);
  definition = inHouseDefinition(service);
});
afterAll(() => service.close());

const adapter = () => createHttpJsonFlagService(definition, { reveal: (name) => (name === 'flags.token' ? service.token : undefined) });
const settingIn = (flags: Awaited<ReturnType<ReturnType<typeof adapter>['list']>>, key: string, env: string): FlagSetting => {
  const { enabled, audience, rolloutPercent } = flags.find((f) => f.key === key)!.environments.find((e) => e.name === env)!;
  return { enabled, audience, rolloutPercent };
};

describe('HTTP/JSON flag service against an in-house config-flag service', () => {
  it('lists the flags through the field mapping: type, tags, stale, per-environment state and percentage, who and when', async () => {
    const flags = await adapter().list(signal());
    expect(flags.map((f) => f.key)).toEqual(['checkout_new_cart', 'search_kill_suggest', 'old_banner']);
    expect(flags[0]).toEqual({
      key: 'checkout_new_cart',
      project: 'Config flags',
      type: 'release',
      description: 'New cart',
      tags: ['checkout'],
      stale: false,
      environments: [
        { name: 'development', production: false, enabled: true, audience: 'everyone', rolloutPercent: null },
        { name: 'production', production: true, enabled: true, audience: 'percentage', rolloutPercent: 25 },
      ],
      updatedAt: AN_HOUR_AGO * 1000,
      updatedBy: 'mia',
    });
    expect(flags[1]).toMatchObject({ type: 'kill-switch', tags: ['search', 'incident'] });
    expect(flags[2]).toMatchObject({ stale: true });
  });

  it('flips through the templated endpoint and reads back what the service now holds', async () => {
    const flags = adapter();
    const loaded = await flags.list(signal());
    const to: FlagSetting = { enabled: true, audience: 'percentage', rolloutPercent: 50 };
    const after = await flags.write({ key: 'checkout_new_cart', environment: 'production', expected: settingIn(loaded, 'checkout_new_cart', 'production'), to }, signal());
    expect(after.environments.find((e) => e.name === 'production')).toMatchObject(to);
    expect(after.updatedBy).toBe('ops-console');
    expect(service.requests.filter((r) => r.method === 'PUT').at(-1)).toEqual({ method: 'PUT', path: '/v1/flags/checkout_new_cart/state/prod', body: { on: true, percent: 50, by: 'ops-console' } });
  });

  it('refuses a flip when the flag changed since the user loaded it, naming who and what it is now; the other change survives', async () => {
    const flags = adapter();
    const loaded = settingIn(await flags.list(signal()), 'search_kill_suggest', 'production');
    // Someone turns the kill switch on through the service's own tooling.
    Object.assign(service.flags.get('search_kill_suggest')!, { state: { ...service.flags.get('search_kill_suggest')!.state, prod: { on: true, percent: 100 } }, modified: { at: Math.floor(Date.now() / 1000), by: 'sam' } });
    const writes = service.requests.filter((r) => r.method === 'PUT').length;
    const attempt = flags.write({ key: 'search_kill_suggest', environment: 'production', expected: loaded, to: { ...loaded, enabled: false } }, signal());
    await expect(attempt).rejects.toBeInstanceOf(FlagConflictError);
    await expect(attempt).rejects.toThrow(/search_kill_suggest in production was changed by sam at .* UTC since you loaded it; it is now on for everyone/);
    expect(service.requests.filter((r) => r.method === 'PUT')).toHaveLength(writes);
    expect(service.flags.get('search_kill_suggest')!.state.prod!.on).toBe(true);
  });

  it('refuses an audience the service cannot hold, and a rollout over 100 %, before sending anything', async () => {
    const flags = adapter();
    const loaded = settingIn(await flags.list(signal()), 'old_banner', 'production');
    const writes = service.requests.filter((r) => r.method === 'PUT').length;
    await expect(flags.write({ key: 'old_banner', environment: 'production', expected: loaded, to: { enabled: true, audience: 'staff', rolloutPercent: null } }, signal())).rejects.toThrow(
      'Config flags switches flags on and off and by percentage only: it has no staff audience.',
    );
    await expect(flags.write({ key: 'old_banner', environment: 'production', expected: loaded, to: { enabled: true, audience: 'percentage', rolloutPercent: 150 } }, signal())).rejects.toBeInstanceOf(InvalidInputError);
    expect(service.requests.filter((r) => r.method === 'PUT')).toHaveLength(writes);
  });

  it('a token that may read but not change flags: the flip is a refusal saying so, and nothing changes', async () => {
    const readOnly = createHttpJsonFlagService(definition, { reveal: (name) => (name === 'flags.token' ? service.readOnlyToken : undefined) });
    const now = settingIn(await readOnly.list(signal()), 'search_kill_suggest', 'production');
    const refused = readOnly.write({ key: 'search_kill_suggest', environment: 'production', expected: now, to: { ...now, enabled: !now.enabled } }, signal());
    await expect(refused).rejects.toMatchObject({ code: 'forbidden' });
    await expect(refused).rejects.toThrow(
      `Config flags at ${service.url} refused this token changing search_kill_suggest in production (403: "this token may only read"). Nothing was changed; use a token that may change flags in production.`,
    );
    expect(service.flags.get('search_kill_suggest')!.state.prod!.on).toBe(now.enabled);
  });

  it('says the credentials were refused when the token is wrong, and where the list is not', async () => {
    const wrong = createHttpJsonFlagService(definition, { reveal: () => 'nope' });
    await expect(wrong.list(signal())).rejects.toThrow(`Config flags at ${service.url} refused our credentials (401)`);
    const misplaced = createHttpJsonFlagService({ ...definition, list: { path: '/v1/flags', itemsPath: 'flags' } }, { reveal: () => service.token });
    await expect(misplaced.check(signal())).rejects.toThrow('answered, but "flags" in its answer is not a list of flags: check the items path in its settings.');
    await expect(adapter().check(signal())).resolves.toBe(`Config flags at ${service.url} answered: 3 flags, environments development, production`);
  });
});
