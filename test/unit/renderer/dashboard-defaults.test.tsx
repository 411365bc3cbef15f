import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { TestCore } from './harness';
import { deploy, flip, markersIn, MINUTE, panels, renderWith, twoPanelsWith } from './marker-fixtures';

let core: TestCore | undefined;
afterEach(() => {
  core?.stop();
  window.location.hash = '';
});

describe('what an imported Grafana dashboard carries', () => {
  it("a tag filter shows only the deploys carrying every tag, and flips of a service among them; the dashboard's filter holds for a panel without its own", async () => {
    const now = Date.now();
    const markers = [deploy(now - 50 * MINUTE, 1), deploy(now - 40 * MINUTE, 2, 'checkout'), flip(now - 30 * MINUTE, 'checkout.new-tax-engine'), flip(now - 20 * MINUTE, 'web.cache')];
    core = renderWith(markers, undefined, twoPanelsWith({ markerTags: ['deploy', 'web'] }, { markerTags: ['deploy', 'checkout'] }));
    await expect.poll(() => markersIn(panels()[0]!)).toBe(2);
    const [a, b] = panels();
    expect(within(a!).getAllByTestId('deploy-marker').map((m) => m.title)).toEqual([expect.stringContaining('checkout deploy #2')]);
    expect(within(a!).getAllByTestId('flip-marker').map((m) => m.title)).toEqual([expect.stringContaining('checkout.new-tax-engine')]);
    await expect.poll(() => markersIn(b!)).toBe(2);
    expect(within(b!).getAllByTestId('deploy-marker').map((m) => m.title)).toEqual([expect.stringContaining('web deploy #1')]);
    expect(within(b!).getAllByTestId('flip-marker').map((m) => m.title)).toEqual([expect.stringContaining('web.cache')]);
  });

  it('the dashboard opens with its own range and refresh', async () => {
    core = renderWith([], undefined, twoPanelsWith({ defaults: { rangeMinutes: 6 * 60, refreshSeconds: 300 } }));
    await expect.poll(() => screen.getByTestId('time-range').textContent).toMatch(/^last 6 h/);
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Auto refresh' }).value).toBe('300');
  });

  it('a link that names a range wins over the dashboard\'s own', async () => {
    window.location.hash = '#/d/ops?range=2h';
    core = renderWith([], undefined, twoPanelsWith({ defaults: { rangeMinutes: 6 * 60 } }));
    await screen.findAllByTestId('chart-panel');
    await expect.poll(() => screen.getByTestId('time-range').textContent).toMatch(/^last 2 h/);
  });
});
