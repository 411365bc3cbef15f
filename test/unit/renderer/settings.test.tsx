import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

async function openSettings() {
  fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
  return within(await screen.findByRole('dialog', { name: 'Settings' }));
}

describe('settings', () => {
  it('a secret set in the form shows as set, and its value leaves the page', async () => {
    ({ core } = renderApp());
    const drawer = await openSettings();
    expect((await drawer.findByText(/Tests keep secrets in memory only/)).textContent).toBeTruthy();
    fireEvent.change(drawer.getByLabelText('Name'), { target: { value: 'graphite.password' } });
    const value = drawer.getByLabelText<HTMLInputElement>('Value');
    expect(value.type).toBe('password');
    fireEvent.change(value, { target: { value: 'hunter2-correct-horse' } });
    await act(async () => fireEvent.submit(value));

    // Cleared at submit, before the core even answered.
    expect(value.value).toBe('');
    const row = await drawer.findByText('graphite.password');
    await expect.poll(() => row.closest('tr')!.textContent).toContain('set');
    expect(document.body.innerHTML).not.toContain('hunter2-correct-horse');

    fireEvent.click(drawer.getByRole('button', { name: 'Clear graphite.password' }));
    await expect.poll(() => drawer.queryByRole('button', { name: 'Clear graphite.password' })).toBeNull();
  });

  it('an invalid secret name is refused with the rule, and nothing is stored', async () => {
    ({ core } = renderApp());
    const drawer = await openSettings();
    fireEvent.change(drawer.getByLabelText('Name'), { target: { value: 'Bad Name' } });
    fireEvent.change(drawer.getByLabelText('Value'), { target: { value: 'whatever' } });
    await act(async () => fireEvent.submit(drawer.getByLabelText('Value')));
    const alert = await drawer.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('invalid_input');
    expect(alert.textContent).toContain('lower-case letters');
    expect(drawer.getByText('No secrets set.')).toBeTruthy();
  });

  it('shows what of the saved settings could not be used, and uses the rest', async () => {
    ({ core } = renderApp({ savedSettings: { rangeMinutes: 'lots', timeZone: 'local' } }));
    const drawer = await openSettings();
    expect((await drawer.findByRole('alert')).textContent).toMatch(/could not be used: rangeMinutes: expected number, got "lots" \(the default \(60\) is used\)\. Everything else is in use/);
    expect(drawer.getByLabelText<HTMLSelectElement>('Time zone').value).toBe('local');
  });

  it('a new range is saved and the chart asks Graphite for it', async () => {
    ({ core } = renderApp());
    const drawer = await openSettings();
    await expect.poll(() => drawer.getByLabelText<HTMLSelectElement>('Graph range').value).toBe('60');
    fireEvent.change(drawer.getByLabelText('Graph range'), { target: { value: '360' } });
    await expect.poll(() => drawer.getByLabelText<HTMLSelectElement>('Graph range').value).toBe('360');
    // The dashboard's time picker shows what the drawer saved.
    expect(await screen.findByRole('button', { name: 'Time range: last 6 h' })).toBeTruthy();
    await expect
      .poll(() => core!.inputs.filter((r) => r.name === 'graphs.render').map((r) => (r.input as { until: number; from: number }).until - (r.input as { from: number }).from))
      .toContain(6 * 60 * 60_000);
  });

  it('the time zone toggle in the header switches between UTC and local', async () => {
    ({ core } = renderApp());
    const utc = await screen.findByRole('button', { name: 'UTC' });
    const local = screen.getByRole('button', { name: 'Local' });
    await expect.poll(() => utc.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(local);
    await expect.poll(() => local.getAttribute('aria-pressed')).toBe('true');
    expect(utc.getAttribute('aria-pressed')).toBe('false');
  });
});
