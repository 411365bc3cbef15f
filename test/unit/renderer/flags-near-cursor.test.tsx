import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { TestCore } from './harness';
import { manyFlags, memoryFlagService, quietFakes } from './harness';
import { deploy, flip, markersIn, MINUTE, panels, renderWith } from './marker-fixtures';

let core: TestCore | undefined;
afterEach(() => core?.stop());

const rows = () => screen.getAllByTestId('flag-row');
const keys = () => rows().map((r) => r.dataset.key);
const near = () => rows().filter((r) => r.dataset.nearCursor === 'true');

describe('the switchboard follows the time cursor', () => {
  it('flags flipped within 10 min of the cursor are highlighted, say how near, and come right after the pins', async () => {
    const now = Date.now();
    const flags = manyFlags(40);
    // The kill switches are pins (listed first): every fifth flag from the fourth, and search.kill-suggestions.
    const pins = flags.filter((f) => f.type === 'kill-switch').map((f) => f.key);
    const backends = { ...quietFakes(), flags: memoryFlagService(flags) };
    core = renderWith(
      [
        flip(now - 34 * MINUTE, 'payments.flag-020'),
        flip(now - 27 * MINUTE, 'checkout.flag-030'),
        // A kill switch is a pin: it stays among the pins, highlighted there.
        flip(now - 32 * MINUTE, 'payments.flag-008'),
        // 20 min from the cursor: history, not near it.
        flip(now - 50 * MINUTE, 'feed.flag-010'),
        deploy(now - 30 * MINUTE, 1),
      ],
      backends,
    );
    await expect.poll(() => markersIn(panels()[0]!)).toBe(5);
    const before = keys();
    expect(before.slice(0, pins.length)).toEqual(pins);
    expect(near()).toHaveLength(0);
    expect(before).not.toContain('payments.flag-020');

    // Half-way across the plot (jsdom has no layout: x is clientX) is 30 min ago.
    fireEvent.click(panels()[0]!.querySelector('.chart-hit-layer')!, { clientX: 363 });
    await waitFor(() => expect(near()).toHaveLength(3));
    const highlighted = Object.fromEntries(near().map((r) => [r.dataset.key, r.querySelector('.flag-near-cursor')?.textContent]));
    expect(highlighted).toEqual({
      'payments.flag-008': 'flipped 2 min before cursor',
      'payments.flag-020': 'flipped 4 min before cursor',
      'checkout.flag-030': 'flipped 3 min after cursor',
    });
    for (const row of near()) expect(row.classList.contains('near-cursor')).toBe(true);
    // Pins first as before, then the flags flipped near the cursor in the service's order, then the rest
    // (unsorted, payments.flag-020 is far down the list, out of the rendered rows).
    expect(keys().slice(0, pins.length)).toEqual(pins);
    expect(keys().slice(pins.length, pins.length + 2)).toEqual(['payments.flag-020', 'checkout.flag-030']);
    expect(rows().find((r) => r.dataset.key === 'feed.flag-010')?.dataset.nearCursor).toBeUndefined();

    // No cursor, no highlight: the list goes back to its order.
    fireEvent.click(screen.getByRole('button', { name: 'Clear the time cursor' }));
    await waitFor(() => expect(near()).toHaveLength(0));
    expect(keys()).toEqual(before);
  });
});
