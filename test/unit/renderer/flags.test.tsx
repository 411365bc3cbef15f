import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Flag } from '../../../src/contract/wire-types';
import { NotConfiguredError } from '../../../src/errors';
import { findFlagRow, gatedWrites, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

const productionSwitch = (row: HTMLElement) => within(row).getByRole('switch', { name: /in production/ });
const reasonField = (row: HTMLElement) => within(row).getByLabelText('Reason for this flip');
const flips = () => core!.inputs.filter((r) => r.name === 'flags.flip').map((r) => r.input);

/** Click the switch, type the reason, press Enter: the whole cost of a flip. */
async function flip(row: HTMLElement, reason: string) {
  fireEvent.click(productionSwitch(row));
  fireEvent.change(reasonField(row), { target: { value: reason } });
  await act(async () => fireEvent.submit(reasonField(row)));
}

describe('flag switchboard: the guard', () => {
  it('each row shows the state and rollout per environment, type, stale badge and last change', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('checkout-new-tax-engine');
    expect(productionSwitch(row).textContent).toContain('25 %');
    expect(productionSwitch(row).getAttribute('aria-checked')).toBe('true');
    expect(within(row).getByRole('switch', { name: /in staging/ }).textContent).toContain('ON');
    expect(row.textContent).toContain('release');
    expect(row.textContent).toContain('kastner');
    expect(within(row).getByText(/ago$/).getAttribute('title')).toMatch(/\d{2}:\d{2}/);
    const dark = await findFlagRow('image-resize-dark-launch');
    expect(productionSwitch(dark).textContent).toContain('DARK');
  });

  it('a production flip shows before → after and the blast radius, and refuses an empty reason', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('checkout-new-tax-engine');
    fireEvent.click(productionSwitch(row));
    expect(within(row).getByTestId('blast-radius').textContent).toBe('production · 25 % of users → 0 %');
    expect(within(row).getByRole('button', { name: 'Flip OFF' })).toHaveProperty('disabled', true);
    expect(document.activeElement).toBe(reasonField(row));

    fireEvent.change(reasonField(row), { target: { value: '   ' } });
    await act(async () => fireEvent.submit(reasonField(row)));
    expect(flips()).toHaveLength(0);
    expect(reasonField(row)).toBeTruthy();
  });

  it('Enter sends one flip with what the user saw; pending until the backend confirms, then the re-read state, focus back on the switch', async () => {
    const backends = quietFakes();
    const writes = gatedWrites(backends);
    ({ core } = renderApp({ backends }));
    const row = await findFlagRow('search-kill-switch');
    await flip(row, 'INC-4411 search overload');

    expect(productionSwitch(row).textContent).toContain('pending');
    expect(productionSwitch(row).getAttribute('aria-busy')).toBe('true');
    expect(productionSwitch(row).getAttribute('aria-disabled')).toBe('true');
    expect(productionSwitch(row).getAttribute('aria-checked')).toBe('false');
    expect(document.activeElement).toBe(productionSwitch(row));
    expect(flips()).toEqual([
      {
        key: 'search-kill-switch',
        environment: 'production',
        expected: { enabled: false, audience: 'everyone', rolloutPercent: null },
        to: { enabled: true, audience: 'everyone', rolloutPercent: null },
        reason: 'INC-4411 search overload',
      },
    ]);

    await act(async () => writes.open());
    await expect.poll(() => productionSwitch(row).getAttribute('aria-checked')).toBe('true');
    expect(productionSwitch(row).textContent).toContain('ON');
    expect(row.textContent).toContain('stand-in-token');
  });

  it('a double click on Flip, or a second Enter, sends one request', async () => {
    const backends = quietFakes();
    const writes = gatedWrites(backends);
    ({ core } = renderApp({ backends }));
    const row = await findFlagRow('search-kill-switch');
    fireEvent.click(productionSwitch(row));
    fireEvent.change(reasonField(row), { target: { value: 'INC-4411 search overload' } });
    const button = within(row).getByRole('button', { name: 'Flip ON' });
    await act(async () => {
      fireEvent.click(button);
      fireEvent.click(button);
      fireEvent.submit(button.closest('form')!);
    });
    fireEvent.click(productionSwitch(row));
    await act(async () => writes.open());
    await expect.poll(() => productionSwitch(row).getAttribute('aria-checked')).toBe('true');
    expect(writes.count()).toBe(1);
    expect(flips()).toHaveLength(1);
  });

  it('a failed flip leaves the switch where it was and says why on the row', async () => {
    const backends = quietFakes();
    backends.flags = { ...backends.flags!, write: (): Promise<Flag> => Promise.reject(new Error('Unleash answered 503 Service Unavailable')) };
    ({ core } = renderApp({ backends }));
    const row = await findFlagRow('search-kill-switch');
    await flip(row, 'INC-4411 search overload');

    const alert = await within(row).findByRole('alert');
    expect(alert.textContent).toContain('Flip not confirmed in production');
    expect(alert.textContent).toContain('503');
    expect(productionSwitch(row).getAttribute('aria-checked')).toBe('false');
    expect(productionSwitch(row).textContent).toContain('OFF');
  });

  it('a flip the flag service never answers times out: the switch stays where it was and the row says so', async () => {
    const backends = quietFakes();
    backends.flags = {
      ...backends.flags!,
      write: (_write, signal) => new Promise<Flag>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('no answer')))),
    };
    ({ core } = renderApp({ backends, flipTiming: { writeBudgetMs: 150, rereadBudgetMs: 150 } }));
    const row = await findFlagRow('search-kill-switch');
    await flip(row, 'INC-4411 search overload');
    expect(productionSwitch(row).textContent).toContain('pending');

    const alert = await within(row).findByRole('alert', {}, { timeout: 3_000 });
    expect(alert.getAttribute('data-code')).toBe('timeout');
    expect(alert.textContent).toContain('Flip not confirmed in production');
    expect(productionSwitch(row).getAttribute('aria-checked')).toBe('false');
    expect(productionSwitch(row).textContent).toContain('OFF');
  });

  it('a change made elsewhere since the list loaded is shown as a conflict with who and what it is now; nothing is overwritten', async () => {
    const backends = quietFakes();
    ({ core } = renderApp({ backends }));
    const row = await findFlagRow('checkout-new-tax-engine');
    fireEvent.click(productionSwitch(row));
    // Another console turns it up to everyone while this one's guard is open.
    const to = { enabled: true, audience: 'everyone' as const, rolloutPercent: null };
    await backends.flags!.write({ key: 'checkout-new-tax-engine', environment: 'production', expected: { enabled: true, audience: 'percentage', rolloutPercent: 25 }, to }, AbortSignal.timeout(1000));
    fireEvent.change(reasonField(row), { target: { value: 'INC-4411 tax errors' } });
    await act(async () => fireEvent.submit(reasonField(row)));

    const conflict = await within(row).findByTestId('flip-conflict');
    expect(conflict.querySelector('[role="alert"]')?.getAttribute('data-code')).toBe('conflict');
    await expect.poll(() => conflict.textContent).toContain('Now in production: on for 100 % of users');
    expect(productionSwitch(row).textContent).toContain('ON');
    expect((await backends.flags!.read('checkout-new-tax-engine', AbortSignal.timeout(1000))).environments[0]).toMatchObject(to);
    fireEvent.click(within(conflict).getByRole('button', { name: 'Reload flags' }));
    expect(within(row).queryByTestId('flip-conflict')).toBeNull();
  });

  it('a rollout is checked in the window (Unleash would take 150 %), then sent and shown as re-read', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('checkout-new-tax-engine');
    fireEvent.click(within(row).getByRole('button', { name: /Audience and rollout of .* in production/ }));
    const percent = within(row).getByLabelText('Share of users (%)');
    fireEvent.change(percent, { target: { value: '150' } });
    expect(within(row).getByRole('alert').textContent).toContain('0 to 100');
    fireEvent.change(reasonField(row), { target: { value: 'ramp up' } });
    expect(within(row).getByRole('button', { name: /^Flip/ })).toHaveProperty('disabled', true);

    fireEvent.change(percent, { target: { value: '40' } });
    expect(within(row).getByTestId('blast-radius').textContent).toBe('production · 25 % of users → 40 % of users');
    await act(async () => fireEvent.submit(reasonField(row)));
    await expect.poll(() => productionSwitch(row).textContent).toContain('40 %');
    expect(flips()[0]).toMatchObject({ to: { enabled: true, audience: 'percentage', rolloutPercent: 40 } });
  });

  it('Escape closes the guard without a flip and gives focus back to the switch', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('search-kill-switch');
    fireEvent.click(productionSwitch(row));
    fireEvent.keyDown(reasonField(row), { key: 'Escape' });
    expect(within(row).queryByLabelText('Reason for this flip')).toBeNull();
    expect(document.activeElement).toBe(productionSwitch(row));
    expect(flips()).toHaveLength(0);
  });

  it('a viewer sees every switch disabled, with the reason on hover, and cannot open the guard', async () => {
    ({ core } = renderApp({ savedSettings: { role: 'viewer' } }));
    const row = await findFlagRow('search-kill-switch');
    await expect.poll(() => productionSwitch(row).getAttribute('aria-disabled')).toBe('true');
    expect(productionSwitch(row).getAttribute('title')).toContain('viewer');
    fireEvent.click(productionSwitch(row));
    expect(within(row).queryByLabelText('Reason for this flip')).toBeNull();
    expect(flips()).toHaveLength(0);
  });

  it('a flag service without its token says which secret to set, instead of a stale notice', async () => {
    const backends = quietFakes();
    const missing = 'Unleash (prod) needs the secret "unleash.token", which is not set. Set it in Settings → Secrets.';
    backends.flags = { ...backends.flags!, list: () => Promise.reject(new NotConfiguredError(missing)) };
    ({ core } = renderApp({ backends }));
    const flags = within(await screen.findByRole('region', { name: 'Feature flags' }));
    expect((await flags.findByTestId('not-configured')).textContent).toBe(missing);
    expect(flags.queryByTestId('stale-notice')).toBeNull();
  });
});
