import type { AuditEntry } from '../../../../src/contract/wire-types';

const on = { enabled: true, audience: 'everyone', rolloutPercent: null } as const;
const off = { enabled: false, audience: 'everyone', rolloutPercent: null } as const;

/** A confirmed production flip, with whatever a test needs changed. */
export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 'entry-1',
    at: Date.UTC(2026, 10, 23, 14, 2, 0),
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
