import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { findFlagRow, gatedWrites, manyFlags, memoryFlagService, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

function withFlags(count = 300) {
  const backends = quietFakes();
  backends.flags = memoryFlagService(manyFlags(count));
  return backends;
}

const search = () => screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search flags' });
const count = () => screen.getByTestId('flag-count').textContent;
const rowKeys = () => screen.queryAllByTestId('flag-row').map((row) => row.dataset.key);
const type = (text: string) => fireEvent.change(search(), { target: { value: text } });
const choose = (name: string, value: string) => fireEvent.change(screen.getByRole('combobox', { name }), { target: { value } });
const shownOf = () => Number(/^(\d+) of 300$/.exec(count() ?? '')?.[1]);

async function loaded() {
  await expect.poll(() => screen.queryByTestId('flag-count')?.textContent).toBe('300 flags');
}

describe('flag switchboard with 300 flags', () => {
  it('the search narrows the list on every keystroke, in the window, by key, description or tag', async () => {
    ({ core } = renderApp({ backends: withFlags() }));
    await loaded();
    const listsBefore = core.requests.filter((name) => name === 'flags.list').length;

    type('c');
    const afterC = shownOf();
    type('ch');
    expect(afterC).toBeGreaterThanOrEqual(shownOf());
    type('checkout');
    expect(count()).toBe('50 of 300');
    type('CHECKOUT tax');
    expect(rowKeys()).toEqual(['checkout.new-tax-engine']);
    type('suggestions under load');
    expect(rowKeys()).toEqual(['search.kill-suggestions']);

    // Filtering is local: typing sent nothing.
    expect(core.requests.filter((name) => name === 'flags.list')).toHaveLength(listsBefore);
  });

  it('only the rows in view are in the DOM, and the table still says how many there are', async () => {
    ({ core } = renderApp({ backends: withFlags() }));
    await loaded();
    const rows = screen.getAllByTestId('flag-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByRole('table', { name: 'Feature flags' }).getAttribute('aria-rowcount')).toBe('301');
  });

  it('filters by state in any environment, by type and by tag; production is the first column', async () => {
    ({ core } = renderApp({ backends: withFlags() }));
    await loaded();
    const headers = within(screen.getByRole('table', { name: 'Feature flags' }))
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['', 'Flag', 'Type', 'production', 'development', 'Updated']);

    choose('State in production', 'off');
    expect(count()).toBe('60 of 300');
    for (const row of screen.getAllByTestId('flag-row')) expect(within(row).getByRole('switch', { name: /in production/ }).textContent).toContain('OFF');
    choose('State in production', 'percentage');
    for (const row of screen.getAllByTestId('flag-row')) expect(within(row).getByRole('switch', { name: /in production/ }).textContent).toContain('25 %');
    choose('State in production', 'staff');
    for (const row of screen.getAllByTestId('flag-row')) expect(within(row).getByRole('switch', { name: /in production/ }).textContent).toContain('STAFF');
    choose('Environment of the state filter', 'development');
    expect(count()).toBe('0 of 300');
    choose('State in development', 'on');
    expect(count()).toBe('300 flags');

    choose('Flag type', 'kill-switch');
    expect(count()).toBe('61 of 300');
    choose('Tag', 'web');
    expect(count()).toBe('20 of 300');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(count()).toBe('300 flags');
  });

  it('kill switches and pinned flags come first; a pin is saved in the settings and P shows only the pins', async () => {
    ({ core } = renderApp({ backends: withFlags() }));
    await loaded();
    expect(rowKeys().slice(0, 3)).toEqual(['search.kill-suggestions', 'profile.flag-003', 'payments.flag-008']);

    type('payments.flag-002');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pin payments.flag-002' })));
    await expect.poll(() => screen.getByRole('button', { name: 'Pin payments.flag-002' }).getAttribute('aria-pressed')).toBe('true');
    expect(core.inputs.find((r) => r.name === 'settings.update')?.input).toEqual({ pinnedFlags: ['payments.flag-002'] });
    type('');
    expect(rowKeys().slice(0, 3)).toEqual(['search.kill-suggestions', 'payments.flag-002', 'profile.flag-003']);

    await act(async () => {
      fireEvent.keyDown(document.body, { key: 'P', shiftKey: true });
      await new Promise((resolve) => requestAnimationFrame(resolve));
    });
    expect(count()).toBe('62 of 300');
    expect(screen.getByRole('button', { name: /Pins/ }).getAttribute('title')).toContain('shortcut: P');
    expect(document.activeElement?.getAttribute('role')).toBe('switch');
  });

  it('"/" jumps to the search box, but not while typing in another field', async () => {
    ({ core } = renderApp({ backends: withFlags() }));
    await loaded();
    fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(search());

    const row = await findFlagRow('search.kill-suggestions');
    fireEvent.click(within(row).getByRole('switch', { name: /in production/ }));
    const reason = within(row).getByLabelText('Reason for this flip');
    fireEvent.keyDown(reason, { key: '/' });
    fireEvent.keyDown(reason, { key: 'p' });
    expect(document.activeElement).toBe(reason);
    expect(count()).toBe('300 flags');
  });

  it('a flip on a row found by search shows pending, survives the row leaving the view, then the confirmed state', async () => {
    const backends = withFlags();
    const writes = gatedWrites(backends);
    ({ core } = renderApp({ backends }));
    await loaded();
    type('kill-suggestions');
    const row = await findFlagRow('search.kill-suggestions');
    fireEvent.click(within(row).getByRole('switch', { name: /in production/ }));
    fireEvent.change(within(row).getByLabelText('Reason for this flip'), { target: { value: 'INC-4411 search overload' } });
    await act(async () => fireEvent.submit(within(row).getByLabelText('Reason for this flip')));

    const productionSwitch = async () => within(await findFlagRow('search.kill-suggestions')).getByRole('switch', { name: /in production/ });
    expect((await productionSwitch()).textContent).toContain('pending');

    // Out of the list and back: the row was unmounted, the flip is still pending.
    type('checkout');
    expect(rowKeys()).not.toContain('search.kill-suggestions');
    type('kill-suggestions');
    expect((await productionSwitch()).getAttribute('aria-busy')).toBe('true');
    expect((await productionSwitch()).getAttribute('aria-checked')).toBe('false');

    await act(async () => writes.open());
    await expect.poll(async () => (await productionSwitch()).getAttribute('aria-checked')).toBe('true');
    expect(core.requests.filter((name) => name === 'flags.flip')).toHaveLength(1);
  });
});
