import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { TestCore } from './harness';
import { deploy, flip, markersIn, MINUTE, panels, renderWith } from './marker-fixtures';

let core: TestCore | undefined;
afterEach(() => core?.stop());

describe('marker controls', () => {
  it('the bar filters markers on every panel by kind and by service', async () => {
    const now = Date.now();
    core = renderWith([deploy(now - 50 * MINUTE, 1), deploy(now - 40 * MINUTE, 2, 'checkout'), flip(now - 30 * MINUTE, 'checkout.new-tax-engine')]);
    await expect.poll(() => markersIn(panels()[1]!)).toBe(3);
    const filter = screen.getByRole('group', { name: 'Marker filter' });
    expect(within(filter).getAllByRole('button').map((b) => b.textContent?.trim())).toEqual(['deploys', 'flips', 'checkout', 'web']);

    fireEvent.click(within(filter).getByRole('button', { name: 'flips' }));
    for (const p of panels()) {
      expect(within(p).queryAllByTestId('flip-marker')).toHaveLength(0);
      expect(within(p).getAllByTestId('deploy-marker')).toHaveLength(2);
    }
    fireEvent.click(within(filter).getByRole('button', { name: 'flips' }));
    fireEvent.click(within(filter).getByRole('button', { name: 'checkout' }));
    for (const p of panels()) {
      expect(within(p).getAllByTestId('deploy-marker').map((m) => m.title)).toEqual([expect.stringContaining('checkout deploy #2')]);
      expect(within(p).getAllByTestId('flip-marker')).toHaveLength(1);
    }
  });

  it('a click on any panel sets one time cursor on every panel; the click that ends a drag does not set one there; × and Escape clear it', async () => {
    const now = Date.now();
    core = renderWith([deploy(now - 50 * MINUTE, 1)]);
    await expect.poll(() => markersIn(panels()[1]!)).toBe(1);
    const hit = panels()[1]!.querySelector('.chart-hit-layer')!;

    // A press that moved 40 px is a drag (zoom), not a click on a moment. (A completed drag puts the
    // cursor at its range's start: drag-range-cursor.test.tsx.)
    fireEvent.mouseDown(hit, { clientX: 100 });
    fireEvent.click(hit, { clientX: 140 });
    expect(screen.queryAllByTestId('time-cursor')).toHaveLength(0);

    fireEvent.mouseDown(hit, { clientX: 363 });
    fireEvent.click(hit, { clientX: 365 });
    const lines = screen.getAllByTestId('time-cursor');
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((l) => l.dataset.at)).size).toBe(1);
    expect(new Set(lines.map((l) => l.style.transform)).size).toBe(1);
    // Half-way across the plot is about half an hour ago.
    expect(Math.abs(Number(lines[0]!.dataset.at) - (now - 30 * MINUTE))).toBeLessThan(2 * MINUTE);
    expect(screen.getByTestId('time-cursor-badge').dataset.at).toBe(lines[0]!.dataset.at);

    fireEvent.click(screen.getByRole('button', { name: 'Clear the time cursor' }));
    expect(screen.queryAllByTestId('time-cursor')).toHaveLength(0);
    fireEvent.click(hit, { clientX: 200 });
    expect(screen.getAllByTestId('time-cursor')).toHaveLength(2);
    // Escape in a field cancels that field's business, not the cursor.
    fireEvent.keyDown(screen.getAllByRole('searchbox')[0]!, { key: 'Escape' });
    expect(screen.getAllByTestId('time-cursor')).toHaveLength(2);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryAllByTestId('time-cursor')).toHaveLength(0);
  });

  it('"What changed?" lists the changes nearest to the cursor first, with how far each is', async () => {
    const now = Date.now();
    core = renderWith([deploy(now - 50 * MINUTE, 1), deploy(now - 33 * MINUTE, 2), flip(now - 26 * MINUTE, 'checkout.new-tax-engine'), deploy(now - 5 * MINUTE, 3)]);
    await expect.poll(() => markersIn(panels()[0]!)).toBe(4);
    fireEvent.click(screen.getByRole('button', { name: 'What changed?' }));
    const list = () => within(screen.getByRole('complementary', { name: 'What changed?' })).getAllByTestId('marker-list-item');
    // No cursor: nearest to the window's end.
    expect(list().map((i) => i.textContent)).toEqual([
      expect.stringMatching(/dev3 — web deploy #3 — .*\(5 min before\)$/),
      expect.stringMatching(/flag checkout\.new-tax-engine/),
      expect.stringMatching(/web deploy #2/),
      expect.stringMatching(/web deploy #1/),
    ]);

    // Half-way across the plot (jsdom has no layout: x is clientX) is 30 min ago.
    fireEvent.click(panels()[0]!.querySelector('.chart-hit-layer')!, { clientX: 363 });
    const at = Number(screen.getByTestId('time-cursor-badge').dataset.at);
    const ats = list().map((i) => Number(i.dataset.at));
    expect(ats).toEqual([...ats].sort((a, b) => Math.abs(a - at) - Math.abs(b - at)));
    expect(list().map((i) => i.textContent)).toEqual([
      expect.stringMatching(/web deploy #2 .*\(3 min before\)$/),
      expect.stringMatching(/new-tax-engine.*\(4 min after\)$/),
      expect.stringMatching(/web deploy #1 .*\(20 min before\)$/),
      expect.stringMatching(/web deploy #3 .*\(25 min after\)$/),
    ]);
  });
});
