import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { DashboardDefinition } from '../../../src/contract/backend-definitions';
import { renderApp, webPanel } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

const dashboard = (id: string): DashboardDefinition => ({ id, title: id, panels: [{ ...webPanel, title: `${id} panel` }] });
const demo = { backends: [], dashboards: [dashboard('overview'), dashboard('checkout')] };
const renders = () => core!.inputs.filter((r) => r.name === 'graphs.render').map((r) => r.input as { from: number; until: number });
const lastRender = () => renders()[renders().length - 1]!;
const rangeButton = () => screen.getByTestId('time-range');
const HOUR = 3_600_000;
/** The plot of an 800 px chart (jsdom has no layout): 800 − 56 axis − 18 margin. */
const PLOT_WIDTH = 726;

function hitLayer(): HTMLElement {
  const layer = screen.getAllByTestId('chart-panel')[0]!.querySelector<HTMLElement>('.chart-hit-layer')!;
  vi.spyOn(layer, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: PLOT_WIDTH, height: 178, right: PLOT_WIDTH, bottom: 178, x: 0, y: 0, toJSON: () => ({}) });
  return layer;
}

function drag(layer: HTMLElement, fromX: number, toX: number) {
  fireEvent.mouseDown(layer, { clientX: fromX, button: 0 });
  fireEvent.mouseMove(window, { clientX: (fromX + toX) / 2 });
  fireEvent.mouseMove(window, { clientX: toX });
  fireEvent.mouseUp(window, { clientX: toX });
  fireEvent.click(layer, { clientX: toX });
}

describe('time range', () => {
  it('a preset is saved as the range and every panel asks for it; the address says so', async () => {
    ({ core } = renderApp({ demo }));
    await expect.poll(() => renders().length).toBeGreaterThan(0);
    fireEvent.click(rangeButton());
    fireEvent.click(screen.getByRole('button', { name: 'last 3 h' }));
    await expect.poll(() => lastRender().until - lastRender().from).toBe(3 * HOUR);
    expect(rangeButton().textContent).toBe('last 3 h');
    expect(window.location.hash).toBe('#/d/overview?range=3h&tz=utc');
  });

  it('an absolute range is shown as asked, does not refresh, and "Back to live" leaves it', async () => {
    ({ core } = renderApp({ demo, savedSettings: { autoRefreshSeconds: 10 } }));
    await expect.poll(() => renders().length).toBeGreaterThan(0);
    fireEvent.click(rangeButton());
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2026-11-20T14:00' } });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2026-11-20T15:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show this range' }));
    const from = Date.UTC(2026, 10, 20, 14);
    await expect.poll(() => lastRender()).toMatchObject({ from, until: from + 1.5 * HOUR });
    expect(rangeButton().textContent).toBe('14:00–15:30 UTC');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Auto refresh' }).disabled).toBe(true);
    expect(window.location.hash).toBe(`#/d/overview?from=${from}&to=${from + 1.5 * HOUR}&tz=utc`);

    fireEvent.click(screen.getByRole('button', { name: 'Back to live' }));
    await expect.poll(() => Date.now() - lastRender().until).toBeLessThan(60_000);
    expect(rangeButton().textContent).toBe('last 1 h');
  });

  it('refuses a "To" before "From" and says why', async () => {
    ({ core } = renderApp({ demo }));
    fireEvent.click(await screen.findByTestId('time-range'));
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2026-11-20T15:00' } });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2026-11-20T14:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show this range' }));
    expect(screen.getByRole('alert').textContent).toMatch(/"To" must be after "From"/);
  });

  it('dragging across a panel zooms every panel to that range; Back, Backspace and u go back; a click does not zoom', async () => {
    ({ core } = renderApp({ demo }));
    await expect.poll(() => document.querySelectorAll('.series-line').length).toBe(1);
    const live = lastRender();
    const layer = hitLayer();

    // A click, or a press that moves less than 4 px, is the time cursor's, not a zoom.
    drag(layer, 200, 202);
    expect(screen.queryByRole('button', { name: 'Back to live' })).toBeNull();

    drag(layer, PLOT_WIDTH / 4, PLOT_WIDTH / 2);
    await expect.poll(() => lastRender().until - lastRender().from).toBeLessThan(HOUR / 3);
    const zoomed = lastRender();
    expect(zoomed.from).toBeCloseTo(live.from + HOUR / 4, -3);
    expect(zoomed.until).toBeCloseTo(live.from + HOUR / 2, -3);
    expect(screen.getByTestId('zoom-band').style.visibility).toBe('hidden');
    expect(rangeButton().textContent).toMatch(/–.* UTC$/);

    // Zoom again, then back twice: once with the button, once with a key.
    drag(hitLayer(), 0, PLOT_WIDTH / 2);
    await expect.poll(() => lastRender().until - lastRender().from).toBeLessThan(HOUR / 6);
    fireEvent.click(screen.getByRole('button', { name: '← Back' }));
    await expect.poll(() => lastRender()).toEqual(expect.objectContaining({ from: zoomed.from, until: zoomed.until }));
    act(() => void fireEvent.keyDown(document.body, { key: 'u' }));
    await expect.poll(() => rangeButton().textContent).toBe('last 1 h');
    expect(screen.queryByRole('button', { name: '← Back' })).toBeNull();

    // Typing in a field never moves the graphs.
    drag(hitLayer(), 0, PLOT_WIDTH / 2);
    await expect.poll(() => screen.queryByRole('button', { name: '← Back' })).not.toBeNull();
    fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Search flags' }), { key: 'Backspace' });
    expect(screen.queryByRole('button', { name: 'Back to live' })).not.toBeNull();
    fireEvent.keyDown(document.body, { key: 'Backspace' });
    await expect.poll(() => rangeButton().textContent).toBe('last 1 h');
  });

  it('opens the dashboard and range of a link in the address, and follows a new one', async () => {
    const from = Date.UTC(2026, 10, 20, 9);
    window.history.replaceState(null, '', `/#/d/checkout?from=${from}&to=${from + HOUR}&tz=utc`);
    ({ core } = renderApp({ demo }));
    await expect.poll(() => screen.queryAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')?.textContent).toBe('checkout');
    await expect.poll(() => lastRender()).toMatchObject({ from, until: from + HOUR });
    expect(rangeButton().textContent).toBe('09:00–10:00 UTC');
    expect(within(screen.getByTestId('chart-panel')).getByRole('heading').textContent).toBe('checkout panel');

    window.history.replaceState(null, '', '/#/d/overview?range=6h&tz=utc');
    act(() => void window.dispatchEvent(new HashChangeEvent('hashchange')));
    await expect.poll(() => lastRender().until - lastRender().from).toBe(6 * HOUR);
    expect(screen.getByRole('tab', { name: 'overview' }).getAttribute('aria-selected')).toBe('true');
    expect(rangeButton().textContent).toBe('last 6 h');
  });

  it("the desktop's deep link (app.navigate) switches dashboard and range like the address does", async () => {
    ({ core } = renderApp({ demo }));
    await expect.poll(() => renders().length).toBeGreaterThan(0);
    const from = Date.UTC(2026, 10, 21, 22);
    act(() => core!.emit('app.navigate', { dashboardId: 'checkout', from, until: from + 4 * HOUR }));
    await expect.poll(() => lastRender()).toMatchObject({ from, until: from + 4 * HOUR });
    expect(screen.getByRole('tab', { name: 'checkout' }).getAttribute('aria-selected')).toBe('true');
    expect(rangeButton().textContent).toBe('2026-11-21 22:00 – 2026-11-22 02:00 UTC');
    expect(window.location.hash).toBe(`#/d/checkout?from=${from}&to=${from + 4 * HOUR}&tz=utc`);
  });

  it('a fixed range does not stretch to a deploy pushed after its end', async () => {
    const until = Date.now() - 2 * HOUR;
    window.history.replaceState(null, '', `/#/d/overview?from=${until - HOUR}&to=${until}&tz=utc`);
    ({ core } = renderApp({ demo }));
    await expect.poll(() => lastRender()).toMatchObject({ until });
    const pushed = { id: 'pushed-now', kind: 'deploy' as const, at: Date.now(), who: 'ci', what: 'web v2', link: null, tags: ['deploy', 'web'] };
    await act(async () => {
      core!.emit('markers.added', { markers: [pushed] });
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    // Only the charts' marker ticks: log lines and volume buckets carry times of their own.
    const ticks = document.querySelectorAll<HTMLElement>('[data-testid="chart-panel"] [data-at]:not([data-testid="log-volume-bucket"])');
    const ticksAfterEnd = Array.from(ticks).filter((t) => Number(t.dataset.at) > until);
    expect(ticksAfterEnd).toEqual([]);
    expect(lastRender()).toMatchObject({ until });
  });

  it('copies a link that opens the same view', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    try {
      ({ core } = renderApp({ demo }));
      fireEvent.click(await screen.findByRole('button', { name: 'Copy link' }));
      await screen.findByRole('button', { name: 'Copied' });
      expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/#/d/overview?range=1h&tz=utc`);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
