import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Flag } from '../../../src/contract/wire-types';
import { NotConfiguredError } from '../../../src/errors';
import { deferred, findFlagRow, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

const productionSwitch = (row: HTMLElement) => within(row).getByRole('switch', { name: /in production/ });
const reasonField = (row: HTMLElement) => within(row).getByLabelText('Reason for this flip');

async function startFlip(row: HTMLElement, reason: string) {
  fireEvent.click(productionSwitch(row));
  fireEvent.change(reasonField(row), { target: { value: reason } });
}

describe('flag switchboard', () => {
  it('lists every flag with its state per environment', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('search-kill-switch');
    expect(row.textContent).toContain('Turns off search suggestions under load');
    expect(productionSwitch(row).getAttribute('aria-checked')).toBe('false');
    expect(within(row).getByRole('switch', { name: /in staging/ }).getAttribute('aria-checked')).toBe('true');
  });

  it('a flip needs a reason: without one nothing is sent', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('search-kill-switch');
    fireEvent.click(productionSwitch(row));
    expect(within(row).getByText('OFF', { selector: '.state-word' })).toBeTruthy();
    const confirm = within(row).getByRole('button', { name: /flip on/i });
    expect(confirm).toHaveProperty('disabled', true);

    fireEvent.change(reasonField(row), { target: { value: '   ' } });
    await act(async () => fireEvent.submit(reasonField(row)));
    expect(core.requests).not.toContain('flags.flip');
    expect(productionSwitch(row).getAttribute('aria-checked')).toBe('false');
  });

  it('Escape cancels the confirm without flipping', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('search-kill-switch');
    await startFlip(row, 'changed my mind');
    fireEvent.keyDown(reasonField(row), { key: 'Escape' });
    expect(within(row).queryByLabelText('Reason for this flip')).toBeNull();
    expect(core.requests).not.toContain('flags.flip');
  });

  it('the switch shows pending until the backend confirms, then the confirmed state', async () => {
    const backends = quietFakes();
    const gate = deferred<void>();
    const real = backends.flags!.setEnabled.bind(backends.flags);
    backends.flags = { ...backends.flags!, setEnabled: async (write, signal) => (await gate.promise, real(write, signal)) };
    ({ core } = renderApp({ backends }));
    const row = await findFlagRow('search-kill-switch');
    await startFlip(row, 'INC-4411 search overload');
    await act(async () => fireEvent.submit(reasonField(row)));

    const pending = productionSwitch(row);
    expect(pending.textContent).toContain('pending');
    expect(pending.getAttribute('aria-busy')).toBe('true');
    expect(pending).toHaveProperty('disabled', true);
    expect(pending.getAttribute('aria-checked')).toBe('false');

    await act(async () => gate.resolve());
    await expect.poll(() => productionSwitch(row).getAttribute('aria-checked')).toBe('true');
    expect(productionSwitch(row).textContent).toContain('ON');
  });

  it('submitting twice sends one flip', async () => {
    const backends = quietFakes();
    const gate = deferred<void>();
    const real = backends.flags!.setEnabled.bind(backends.flags);
    let writes = 0;
    backends.flags = { ...backends.flags!, setEnabled: async (write, signal) => (writes++, await gate.promise, real(write, signal)) };
    ({ core } = renderApp({ backends }));
    const row = await findFlagRow('search-kill-switch');
    await startFlip(row, 'INC-4411 search overload');
    const field = reasonField(row);
    await act(async () => {
      fireEvent.submit(field);
      fireEvent.submit(field);
    });
    fireEvent.click(productionSwitch(row));
    await act(async () => gate.resolve());
    await expect.poll(() => productionSwitch(row).getAttribute('aria-checked')).toBe('true');
    expect(writes).toBe(1);
  });

  it('a failed flip leaves the switch in its old position and shows why', async () => {
    const backends = quietFakes();
    backends.flags = {
      ...backends.flags!,
      setEnabled: (): Promise<Flag> => Promise.reject(new Error('Unleash answered 503 Service Unavailable')),
    };
    ({ core } = renderApp({ backends }));
    const row = await findFlagRow('search-kill-switch');
    await startFlip(row, 'INC-4411 search overload');
    await act(async () => fireEvent.submit(reasonField(row)));

    const alert = await within(row).findByRole('alert');
    expect(alert.textContent).toContain('Flip not confirmed');
    expect(alert.textContent).toContain('Unleash answered 503 Service Unavailable');
    expect(alert.getAttribute('data-code')).toBe('backend_unavailable');
    expect(productionSwitch(row).getAttribute('aria-checked')).toBe('false');
    expect(productionSwitch(row).textContent).toContain('OFF');
  });

  it('a flip made from another window shows up without a reload', async () => {
    ({ core } = renderApp());
    const row = await findFlagRow('checkout-new-tax-engine');
    expect(productionSwitch(row).getAttribute('aria-checked')).toBe('true');
    await act(async () => {
      await core!.dispatch('flags.flip', { key: 'checkout-new-tax-engine', environment: 'production', enabled: false, reason: 'other window' });
    });
    await expect.poll(() => productionSwitch(row).getAttribute('aria-checked')).toBe('false');
    expect(row.textContent).toContain('stand-in-token');
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
