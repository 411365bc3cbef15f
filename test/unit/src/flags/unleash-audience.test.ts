import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '../../../../src/errors';
import { guardedPatch, readAudience, strategyFor } from '../../../../src/flags/unleash-audience';
import { wireFlagType } from '../../../../src/flags/unleash-flag-mapping';
import type { UnleashStrategy } from '../../../../src/flags/unleash-schemas';

const rollout = (value: string | number, extra: Partial<UnleashStrategy> = {}): UnleashStrategy => ({
  id: 's1',
  name: 'flexibleRollout',
  parameters: { rollout: value, stickiness: 'userId', groupId: 'checkout.g' },
  constraints: [],
  ...extra,
});
const staffGroup = [{ contextName: 'userGroup', operator: 'IN', values: ['staff'] }];

describe('reading Unleash strategies as the audience the switch shows', () => {
  it('everyone: no strategy, the default strategy, or a gradual rollout at 100 % without constraints', () => {
    const everyone = { audience: 'everyone', rolloutPercent: null };
    expect(readAudience([])).toEqual(everyone);
    expect(readAudience([{ name: 'default' }])).toEqual(everyone);
    expect(readAudience([rollout('100')])).toEqual(everyone);
    // Strategies add up: one for everyone makes a staff-only one beside it moot.
    expect(readAudience([rollout('100'), rollout('100', { constraints: staffGroup })])).toEqual(everyone);
  });

  it('percentage: a gradual rollout below 100 %, and the 150 % Unleash lets through shown as such, not as everyone', () => {
    expect(readAudience([rollout('25')])).toEqual({ audience: 'percentage', rolloutPercent: 25 });
    expect(readAudience([rollout(0)])).toEqual({ audience: 'percentage', rolloutPercent: 0 });
    expect(readAudience([rollout('150')])).toEqual({ audience: 'percentage', rolloutPercent: 150 });
    expect(readAudience([rollout('10'), rollout('100', { disabled: true })])).toEqual({ audience: 'percentage', rolloutPercent: 10 });
  });

  it('staff: a constraint on the staff group, and any other targeting (user ids, segments, other strategies) as a limited group', () => {
    const staff = { audience: 'staff', rolloutPercent: null };
    expect(readAudience([rollout('100', { constraints: staffGroup })])).toEqual(staff);
    expect(readAudience([rollout('100', { constraints: [{ contextName: 'userId', operator: 'IN', values: ['staff-1'] }] })])).toEqual(staff);
    expect(readAudience([rollout('50', { segments: [3] })])).toEqual(staff);
    expect(readAudience([{ name: 'userWithId', parameters: { userIds: 'a,b' } }])).toEqual(staff);
  });

  it('dark: a strategy titled dark-launch, whatever else it says', () => {
    expect(readAudience([rollout('100', { title: 'dark-launch', variants: [{ name: 'dark' }] })])).toEqual({ audience: 'dark', rolloutPercent: null });
    expect(readAudience([rollout('100', { title: 'Dark-Launch ' })])).toEqual({ audience: 'dark', rolloutPercent: null });
    expect(readAudience([rollout('100', { title: 'dark-launch', disabled: true })])).toEqual({ audience: 'everyone', rolloutPercent: null });
  });

  it('keeps an unknown flag type visible as a release flag', () => {
    expect(wireFlagType('kill-switch')).toBe('kill-switch');
    expect(wireFlagType('custom-type')).toBe('release');
  });
});

describe('writing an audience as one Unleash strategy', () => {
  it('writes each audience in the shape that reads back as the same audience', () => {
    for (const target of [
      { audience: 'everyone', rolloutPercent: null },
      { audience: 'percentage', rolloutPercent: 25 },
      { audience: 'staff', rolloutPercent: null },
      { audience: 'dark', rolloutPercent: null },
    ] as const) {
      expect(readAudience([strategyFor(target, 'checkout.g', undefined)])).toEqual(target);
    }
  });

  it('writes staff as userGroup IN [staff] and dark as a titled rollout with a dark variant, recognisable in Unleash’s UI', () => {
    expect(strategyFor({ audience: 'staff', rolloutPercent: null }, 'f', undefined)).toMatchObject({ name: 'flexibleRollout', parameters: { rollout: '100' }, constraints: staffGroup, title: '' });
    expect(strategyFor({ audience: 'dark', rolloutPercent: null }, 'f', undefined)).toMatchObject({ title: 'dark-launch', variants: [{ name: 'dark', weight: 1000 }], constraints: [] });
  });

  it('keeps the stickiness and groupId of the strategy it replaces, so a changed percentage keeps the same users in', () => {
    expect(strategyFor({ audience: 'percentage', rolloutPercent: 40 }, 'f', rollout('25')).parameters).toEqual({ rollout: '40', stickiness: 'userId', groupId: 'checkout.g' });
    expect(strategyFor({ audience: 'percentage', rolloutPercent: 40 }, 'f', undefined).parameters).toEqual({ rollout: '40', stickiness: 'default', groupId: 'f' });
  });

  it('never writes a rollout outside 0–100 or a fraction', () => {
    for (const bad of [150, -1, 12.5, null]) expect(() => strategyFor({ audience: 'percentage', rolloutPercent: bad }, 'f', undefined)).toThrow(InvalidInputError);
  });

  it('guards the patch with tests of what was read, before replacing the audience fields', () => {
    const current = rollout('25', { title: '' });
    const ops = guardedPatch(current, strategyFor({ audience: 'staff', rolloutPercent: null }, 'f', current));
    expect(ops.filter((o) => o.op === 'test')).toEqual([
      { op: 'test', path: '/name', value: 'flexibleRollout' },
      { op: 'test', path: '/parameters/rollout', value: '25' },
      { op: 'test', path: '/constraints', value: [] },
      { op: 'test', path: '/title', value: '' },
    ]);
    expect(ops.slice(-5).map((o) => o.path)).toEqual(['/name', '/title', '/parameters', '/constraints', '/variants']);
    expect(ops.findIndex((o) => o.op !== 'test')).toBe(4);
  });
});
