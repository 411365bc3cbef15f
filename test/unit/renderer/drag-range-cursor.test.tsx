import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { TestCore } from './harness';
import { deploy, flip, markersIn, MINUTE, panels, renderWith } from './marker-fixtures';

let core: TestCore | undefined;
afterEach(() => core?.stop());

/** The plot of an 800 px chart (jsdom has no layout): 800 − 56 axis − 18 margin. */
const PLOT_WIDTH = 726;

function hitLayer(panel: HTMLElement): HTMLElement {
  const layer = panel.querySelector<HTMLElement>('.chart-hit-layer')!;
  vi.spyOn(layer, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: PLOT_WIDTH, height: 178, right: PLOT_WIDTH, bottom: 178, x: 0, y: 0, toJSON: () => ({}) });
  return layer;
}

describe('dragging a window', () => {
  it('puts the time cursor at its start on every panel and opens "What changed?" on the changes inside it', async () => {
    const now = Date.now();
    core = renderWith([deploy(now - 55 * MINUTE, 1), deploy(now - 40 * MINUTE, 2, 'checkout'), flip(now - 30 * MINUTE, 'checkout.new-tax-engine'), deploy(now - 5 * MINUTE, 3)]);
    await expect.poll(() => markersIn(panels()[1]!)).toBe(4);
    expect(screen.queryByTestId('what-changed')).toBeNull();

    // From a quarter of the hour shown (~45 min ago) to ~20 min ago.
    const layer = hitLayer(panels()[1]!);
    fireEvent.mouseDown(layer, { clientX: PLOT_WIDTH / 4, button: 0 });
    fireEvent.mouseMove(window, { clientX: PLOT_WIDTH / 2 });
    fireEvent.mouseMove(window, { clientX: (PLOT_WIDTH * 2) / 3 });
    fireEvent.mouseUp(window, { clientX: (PLOT_WIDTH * 2) / 3 });
    fireEvent.click(layer, { clientX: (PLOT_WIDTH * 2) / 3 });

    const start = Number(screen.getByTestId('time-cursor-badge').dataset.at);
    expect(Math.abs(start - (now - 45 * MINUTE))).toBeLessThan(2 * MINUTE);
    await expect.poll(() => screen.queryAllByTestId('time-cursor').map((l) => Number(l.dataset.at))).toEqual([start, start]);

    // The zoomed window holds the range's changes only; the nearest to its start comes first.
    const changes = await screen.findByTestId('what-changed');
    expect(within(changes).getByText(/nearest to the cursor/)).toBeTruthy();
    await expect.poll(() => changes.textContent).not.toMatch(/deploy #1|deploy #3/);
    const text = changes.textContent;
    expect(text).toMatch(/checkout deploy #2[\s\S]*checkout\.new-tax-engine/);
  });

  it('a press that barely moves zooms nothing and leaves the cursor to the click', async () => {
    core = renderWith([deploy(Date.now() - 50 * MINUTE, 1)]);
    await expect.poll(() => markersIn(panels()[1]!)).toBe(1);
    const layer = hitLayer(panels()[1]!);
    fireEvent.mouseDown(layer, { clientX: 300, button: 0 });
    fireEvent.mouseMove(window, { clientX: 302 });
    fireEvent.mouseUp(window, { clientX: 302 });
    expect(screen.queryByTestId('time-cursor-badge')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Back to live' })).toBeNull();
  });
});
