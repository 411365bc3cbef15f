import { act, fireEvent, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { TestCore } from './harness';
import { deploy, flip, markersIn, MINUTE, panels, renderWith, ticksIn } from './marker-fixtures';

let core: TestCore | undefined;
afterEach(() => core?.stop());

describe('markers at scale', () => {
  it('three markers a pixel apart are one "+3" tick whose tooltip lists all three, newest first', async () => {
    const at = Date.now() - 30 * MINUTE;
    core = renderWith([deploy(at, 1), deploy(at + 4_000, 2), flip(at + 8_000, 'checkout.new-tax-engine'), deploy(at + 20 * MINUTE, 4)]);
    await expect.poll(() => within(panels()[0]!).queryAllByTestId('marker-cluster').length).toBe(1);
    const cluster = within(panels()[0]!).getByTestId('marker-cluster');
    expect(cluster.textContent).toBe('+3');
    expect(cluster.dataset.count).toBe('3');
    expect(cluster.dataset.kind).toBe('mixed');
    expect([cluster.dataset.deploys, cluster.dataset.flips]).toEqual(['2', '1']);
    expect(within(panels()[0]!).getAllByTestId('deploy-marker')).toHaveLength(1);

    fireEvent.mouseEnter(cluster.parentElement!);
    const list = within(panels()[0]!).getByRole('tooltip', { name: '3 markers' });
    expect(within(list).getAllByTestId('marker-list-item').map((i) => i.textContent)).toEqual([
      expect.stringMatching(/^◆ flip oncall — flag checkout\.new-tax-engine off in production: INC-1 — /),
      expect.stringMatching(/^▲ deploy dev2 — web deploy #2 — /),
      expect.stringMatching(/^▲ deploy dev1 — web deploy #1 — /),
    ]);
    fireEvent.mouseLeave(cluster.parentElement!);
    expect(within(panels()[0]!).queryByRole('tooltip', { name: '3 markers' })).toBeNull();

    // From the keyboard: focus lists them, a click pins the list as a popover, Escape closes it.
    act(() => cluster.focus());
    expect(within(panels()[0]!).getByRole('tooltip', { name: '3 markers' })).toBeTruthy();
    fireEvent.click(cluster);
    expect(cluster.getAttribute('aria-expanded')).toBe('true');
    expect(within(panels()[0]!).getByRole('dialog', { name: '3 markers' })).toBeTruthy();
    fireEvent.keyDown(cluster, { key: 'Escape' });
    expect(within(panels()[0]!).queryByRole('dialog')).toBeNull();
  });

  it('1,000 markers in an hour cost one tick per cluster, and every marker is still counted', async () => {
    const start = Date.now() - 59 * MINUTE;
    core = renderWith(Array.from({ length: 1_000 }, (_, n) => deploy(start + n * 3_500, n)));
    await expect.poll(() => markersIn(panels()[1]!)).toBe(1_000);
    for (const p of panels()) {
      expect(markersIn(p)).toBe(1_000);
      // 726 px of plot, one tick per 18 px at most, and a cluster spans under 36 px.
      expect(ticksIn(p).length).toBeLessThan(200);
      expect(ticksIn(p).length).toBeGreaterThan(10);
    }
    // The lines are still one path per kind.
    expect(panels()[0]!.querySelectorAll('path.marker-line')).toHaveLength(2);
  });
});
