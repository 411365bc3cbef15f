import { describe, expect, it } from 'vitest';

import { rolloutPercent, wireFlagType } from '../../../../src/flags/unleash-flag-mapping';
import type { UnleashStrategy } from '../../../../src/flags/unleash-schemas';

const rollout = (value: string | number, extra: Partial<UnleashStrategy> = {}): UnleashStrategy => ({
  name: 'flexibleRollout',
  parameters: { rollout: value, stickiness: 'default', groupId: 'g' },
  constraints: [],
  ...extra,
});

describe('what the switchboard shows as a rollout percentage', () => {
  it('shows the share of users of a plain gradual rollout', () => {
    expect(rolloutPercent([rollout('5')])).toBe(5);
    expect(rolloutPercent([rollout(33)])).toBe(33);
    expect(rolloutPercent([rollout('0')])).toBe(0);
  });

  it('shows no percentage where the flag is on for everyone, including the 150 % Unleash lets through', () => {
    expect(rolloutPercent([rollout('100')])).toBeNull();
    expect(rolloutPercent([rollout('150')])).toBeNull();
    expect(rolloutPercent([])).toBeNull();
    expect(rolloutPercent([{ name: 'default' }])).toBeNull();
  });

  it('shows no percentage for staff-only, segmented or combined strategies, whose audience is not a share of everyone', () => {
    expect(rolloutPercent([rollout('50', { constraints: [{ contextName: 'userId', operator: 'IN', values: ['staff-1'] }] })])).toBeNull();
    expect(rolloutPercent([rollout('50', { segments: [3] })])).toBeNull();
    expect(rolloutPercent([rollout('10'), rollout('20')])).toBeNull();
  });

  it('ignores a disabled strategy, as Unleash does when it evaluates', () => {
    expect(rolloutPercent([rollout('10'), rollout('100', { disabled: true })])).toBe(10);
  });

  it('keeps an unknown flag type visible as a release flag', () => {
    expect(wireFlagType('kill-switch')).toBe('kill-switch');
    expect(wireFlagType('custom-type')).toBe('release');
  });
});
