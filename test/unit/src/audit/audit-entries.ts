import type { AuditEntry } from '../../../../src/contract/wire-types';

const on = { enabled: true, audience: 'everyone', rolloutPercent: null } as const;
const off = { enabled: false, audience: 'everyone', rolloutPercent: null } as const;

/**
 * When the fixture's flip happened: a few minutes before the clock the tests run with, never a
 * fixed date, since the core rightly treats day-old flips differently (the Graphite publisher
 * gives up on them). Taken once, so two entries built in one test are equal.
 */
const fiveMinutesAgo = Math.floor((Date.now() - 5 * 60_000) / 1_000) * 1_000;

/** A confirmed production flip, with whatever a test needs changed. */
export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 'entry-1',
    at: fiveMinutesAgo,
    who: 'hammond',
    key: 'checkout.new-tax-engine',
    environment: 'production',
    before: on,
    requested: off,
    after: off,
    reason: 'checkout 5xx since the 13:52 deploy',
    outcome: 'confirmed',
    message: null,
    publish: { state: 'queued', attempts: 0, lastError: null },
    ...overrides,
  };
}
