import { describe, expect, it } from 'vitest';

import type { FlagChange, FlagSetting } from '../../../../src/contract/wire-types';
import { flipMarker, flipMarkerId } from '../../../../src/deploys/flip-marker';

const setting = (enabled: boolean, audience: FlagSetting['audience'] = 'everyone', rolloutPercent: number | null = null): FlagSetting => ({ enabled, audience, rolloutPercent });
const change = (before: FlagSetting, after: FlagSetting, reason: string | null = 'checkout 5xx'): FlagChange => ({
  key: 'checkout.new-tax-engine',
  environment: 'production',
  before,
  after,
  at: Date.UTC(2026, 10, 23, 14, 2, 7, 850),
  by: 'hammond',
  reason,
  via: 'console',
});

describe('the marker of a flip', () => {
  it('says before → after in the words of the switch, then why', () => {
    expect(flipMarker(change(setting(true), setting(false))).what).toBe('flag checkout.new-tax-engine on for everyone → off in production: checkout 5xx');
    expect(flipMarker(change(setting(true, 'percentage', 10), setting(true, 'percentage', 50))).what).toBe('flag checkout.new-tax-engine on for 10 % of users → on for 50 % of users in production: checkout 5xx');
    expect(flipMarker(change(setting(false), setting(true, 'staff'))).what).toMatch(/off → on for staff only/);
    expect(flipMarker(change(setting(false), setting(true, 'dark'))).what).toMatch(/off → on as a dark launch/);
  });

  it('has no dangling colon for a change made elsewhere, where no reason is known', () => {
    expect(flipMarker({ ...change(setting(true), setting(false), null), via: 'elsewhere' }).what).toBe('flag checkout.new-tax-engine on for everyone → off in production');
  });

  it('is a flip (drawn unlike a deploy), tagged like its Graphite event, with an id its read-back copy shares', () => {
    const marker = flipMarker(change(setting(true), setting(false)));
    expect(marker).toMatchObject({ kind: 'flip', who: 'hammond', tags: ['flag', 'checkout.new-tax-engine', 'production'] });
    // Graphite keeps whole seconds: the copy read back from it has the same id.
    expect(marker.id).toBe(flipMarkerId('checkout.new-tax-engine', 'production', Date.UTC(2026, 10, 23, 14, 2, 7)));
  });
});
