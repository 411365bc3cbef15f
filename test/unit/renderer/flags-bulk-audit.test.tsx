import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { FlagService } from '../../../src/backends/backend-set';
import { findFlagRow, manyFlags, memoryFlagService, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

const bulk = () => within(screen.getByRole('region', { name: 'Bulk off' }));
const steps = () => screen.queryAllByTestId('bulk-step').map((li) => [li.dataset.key, li.dataset.state]);
const auditEntries = () => screen.queryAllByTestId('audit-entry');
const openAuditLog = () => fireEvent.click(screen.getByRole('button', { name: 'Audit log' }));

/** The search service's kill switches in `manyFlags`: search.kill-suggestions (already off) and ten that are on. */
const SEARCH_KILL_SWITCHES_ON = 10;

describe('bulk off', () => {
  it('"all kill switches of search" go off through one guard and one reason: one request and one audit record per flag, each outcome shown', async () => {
    const backends = quietFakes();
    const flags: FlagService = memoryFlagService(manyFlags(300));
    // One of them fails: the others still go, and the failure is said on its line.
    backends.flags = { ...flags, write: (w, signal) => (w.key === 'search.flag-043' ? Promise.reject(new Error('Unleash answered 500')) : flags.write(w, signal)) };
    ({ core } = renderApp({ backends }));
    await findFlagRow('search.kill-suggestions');

    fireEvent.change(bulk().getByRole('combobox', { name: 'Select every kill switch of a service' }), { target: { value: 'search' } });
    expect(bulk().getByText('11 selected')).toBeTruthy();
    fireEvent.click(bulk().getByRole('button', { name: 'Turn off selected…' }));
    expect(bulk().getByTestId('blast-radius').textContent).toMatch(/^production · 10 of 11 flags on → off: search\.flag-013, /);
    const reason = bulk().getByLabelText('Reason for this flip');
    fireEvent.change(reason, { target: { value: 'INC-4412 search melting' } });
    await act(async () => fireEvent.submit(reason));
    expect(document.activeElement).toBe(bulk().getByRole('button', { name: 'Turn off selected…' }));

    // Ten flips one after another, each written, re-read and fsync'd into the audit log by the real core.
    await expect.poll(() => bulk().getByRole('status').textContent, { timeout: 20_000 }).toMatch(/^Done in production: 9 confirmed, 1 not flipped, 0 to go/);
    const sent = core.inputs.filter((r) => r.name === 'flags.flip').map((r) => r.input as { key: string; to: { enabled: boolean }; reason: string });
    expect(sent).toHaveLength(SEARCH_KILL_SWITCHES_ON);
    expect(new Set(sent.map((s) => s.key)).size).toBe(SEARCH_KILL_SWITCHES_ON);
    expect(sent.every((s) => !s.to.enabled && s.reason === 'INC-4412 search melting')).toBe(true);
    expect(steps()).toContainEqual(['search.kill-suggestions', 'already-off']);
    expect(steps()).toContainEqual(['search.flag-043', 'failed']);
    expect(screen.getAllByTestId('bulk-step').find((li) => li.dataset.key === 'search.flag-043')?.textContent).toContain('Unleash answered 500');

    openAuditLog();
    await expect.poll(() => auditEntries().length).toBe(SEARCH_KILL_SWITCHES_ON);
    expect(new Set(auditEntries().map((e) => e.dataset.key)).size).toBe(SEARCH_KILL_SWITCHES_ON);
    expect(auditEntries().filter((e) => e.dataset.outcome === 'confirmed')).toHaveLength(9);
  });

  it('a viewer cannot start a bulk off', async () => {
    ({ core } = renderApp({ savedSettings: { role: 'viewer' } }));
    await findFlagRow('search-kill-switch');
    fireEvent.click(within(await findFlagRow('search-kill-switch')).getByRole('checkbox', { name: 'Select search-kill-switch' }));
    const button = bulk().getByRole('button', { name: 'Turn off selected…' });
    await expect.poll(() => button.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(button);
    expect(bulk().queryByLabelText('Reason for this flip')).toBeNull();
  });
});

describe('audit log', () => {
  it('shows each flip attempt newest first with who, what, before → after, why and outcome, live as it lands', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('checkout-new-tax-engine');
    await expect.poll(() => screen.queryByText('No flip recorded yet.')).toBeTruthy();

    fireEvent.click(within(row).getByRole('switch', { name: /in production/ }));
    fireEvent.change(within(row).getByLabelText('Reason for this flip'), { target: { value: 'INC-4411 tax errors' } });
    await act(async () => fireEvent.submit(within(row).getByLabelText('Reason for this flip')));
    openAuditLog();
    await expect.poll(() => auditEntries().length).toBe(1);

    const entry = auditEntries()[0]!;
    expect(entry.dataset.outcome).toBe('confirmed');
    expect(entry.textContent).toContain('stand-in-token');
    expect(entry.textContent).toContain('checkout-new-tax-engine in production: on for 25 % of users → off');
    expect(entry.textContent).toContain('“INC-4411 tax errors”');
    // Live: the entry came with the event, the list was read once.
    expect(core.requests.filter((name) => name === 'audit.list')).toHaveLength(1);

    // A second attempt from another window, against what it no longer is: a conflict, on top.
    await act(async () => {
      await core!.dispatch('flags.flip', {
        key: 'checkout-new-tax-engine',
        environment: 'production',
        expected: { enabled: true, audience: 'percentage', rolloutPercent: 25 },
        to: { enabled: true, audience: 'everyone', rolloutPercent: null },
        reason: 'stale window',
      });
    });
    await expect.poll(() => auditEntries().map((e) => e.dataset.outcome)).toEqual(['conflict', 'confirmed']);

    // "/" from the log brings the switches back, search focused.
    fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search flags' }));
    expect(screen.getByRole('button', { name: 'Switches' }).getAttribute('aria-pressed')).toBe('true');
  });
});
