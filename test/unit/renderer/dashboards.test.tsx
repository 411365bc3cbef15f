import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { DashboardDefinition, PanelDefinition } from '../../../src/contract/backend-definitions';
import { flipThroughCore, manyFlags, memoryFlagService, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

// The fake answers any target with a day-shaped rate of roughly 350 to 850, and tags its
// deploys ['deploy', 'web'].
const panel = (title: string, extra: Partial<PanelDefinition> = {}): PanelDefinition => ({ title, targets: [`stand-in.${title}`], unit: 'req/s', ...extra });
const dashboard = (id: string, panels: PanelDefinition[]): DashboardDefinition => ({ id, title: id, panels });
const demo = (...dashboards: DashboardDefinition[]) => ({ backends: [], dashboards });

const panels = () => screen.queryAllByTestId('chart-panel');
const panelNamed = (title: string) => panels().find((p) => p.getAttribute('aria-label') === title)!;
/** Markers of a kind on a panel: single ticks plus those inside clusters (a flip can share one with a deploy). */
const ticks = (title: string, kind: 'deploy' | 'flip') =>
  within(panelNamed(title)).queryAllByTestId(`${kind}-marker`).length +
  within(panelNamed(title))
    .queryAllByTestId('marker-cluster')
    .reduce((sum, c) => sum + Number(c.dataset[`${kind}s`]), 0);
const sent = (name: string) => core!.inputs.filter((r) => r.name === name).map((r) => r.input as Record<string, unknown>);

describe('dashboards', () => {
  it('a 3-panel dashboard draws 3 panels, each with the markers of one shared fetch', async () => {
    // Six hours hold seven of the fake's deploys (one every 47 minutes).
    ({ core } = renderApp({ savedSettings: { rangeMinutes: 360 }, demo: demo(dashboard('ops', [panel('a'), panel('b'), panel('c')])) }));
    await expect.poll(() => panels().length).toBe(3);
    for (const title of ['a', 'b', 'c']) await expect.poll(() => ticks(title, 'deploy')).toBeGreaterThanOrEqual(7);
    await expect.poll(() => document.querySelectorAll('.series-line').length).toBe(3);

    expect(sent('markers.list')).toHaveLength(1);
    const renders = sent('graphs.render');
    expect(renders.map((r) => r.targets)).toEqual([['stand-in.a'], ['stand-in.b'], ['stand-in.c']]);
    // One window for all: the same from and until, and a point per pixel of plot (800 px wide without layout).
    expect(new Set(renders.map((r) => `${r.from as number}-${r.until as number}`)).size).toBe(1);
    expect(renders.map((r) => r.maxDataPoints)).toEqual([720, 720, 720]);
  });

  it("a panel with a service shows that service's deploys and flips only", async () => {
    const backends = quietFakes();
    backends.flags = memoryFlagService(manyFlags(10));
    ({ core } = renderApp({
      backends,
      savedSettings: { rangeMinutes: 360 },
      demo: demo(dashboard('ops', [panel('everything'), panel('web', { service: 'web' }), panel('checkout', { service: 'checkout' })])),
    }));
    await expect.poll(() => ticks('everything', 'deploy')).toBeGreaterThanOrEqual(7);
    expect(ticks('web', 'deploy')).toBe(ticks('everything', 'deploy'));
    expect(ticks('checkout', 'deploy')).toBe(0);

    await act(async () => {
      await flipThroughCore(core!, 'checkout.new-tax-engine', 'production', false, 'INC-9 checkout errors');
    });
    await expect.poll(() => ticks('checkout', 'flip')).toBe(1);
    expect(ticks('everything', 'flip')).toBe(1);
    expect(ticks('web', 'flip')).toBe(0);
    expect(within(panelNamed('checkout')).getByTestId('flip-marker').title).toMatch(/flag checkout\.new-tax-engine on for everyone → off in production: INC-9/);
  });

  it('a panel whose latest reading is beyond a threshold is marked, with the line drawn; the others are not', async () => {
    ({ core } = renderApp({
      demo: demo(
        dashboard('ops', [
          panel('too high', { thresholds: { high: 100 } }),
          panel('too low', { thresholds: { low: 5_000 } }),
          panel('fine', { thresholds: { low: 1, high: 5_000 } }),
        ]),
      ),
    }));
    await expect.poll(() => panelNamed('too high')?.dataset.breach).toBe('high');
    const high = panelNamed('too high');
    expect(high.className).toContain('breach');
    expect(within(high).getByRole('status').textContent).toBe('above 100 req/s');
    expect(within(high).getByTestId('threshold-line').getAttribute('data-value')).toBe('100');
    const row = within(high).getByTestId('legend-row');
    expect(row.dataset.breach).toBe('high');
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d+ req\/s$/), expect.stringMatching(/^\d+ req\/s$/), expect.stringMatching(/^\d+ req\/s$/)]),
    );

    await expect.poll(() => panelNamed('too low').dataset.breach).toBe('low');
    expect(within(panelNamed('too low')).getByRole('status').textContent).toBe('below 5000 req/s');
    expect(panelNamed('fine').dataset.breach).toBeUndefined();
    expect(within(panelNamed('fine')).getAllByTestId('threshold-line')).toHaveLength(2);
  });

  it('one crosshair follows the mouse across every panel; the tooltip is on the hovered one', async () => {
    ({ core } = renderApp({ demo: demo(dashboard('ops', [panel('a'), panel('b'), panel('c')])) }));
    await expect.poll(() => document.querySelectorAll('.series-line').length).toBe(3);
    const crosshairs = () => screen.getAllByTestId('crosshair');
    const tooltips = () => screen.getAllByRole('tooltip', { hidden: true });

    fireEvent.mouseMove(panelNamed('b').querySelector('.chart-hit-layer')!, { clientX: 300, clientY: 50 });
    expect(crosshairs().map((c) => c.style.visibility)).toEqual(['visible', 'visible', 'visible']);
    expect(new Set(crosshairs().map((c) => c.style.transform)).size).toBe(1);
    expect(tooltips().map((t) => t.style.visibility)).toEqual(['hidden', 'visible', 'hidden']);

    fireEvent.mouseLeave(panelNamed('b').querySelector('.chart-hit-layer')!);
    expect(crosshairs().map((c) => c.style.visibility)).toEqual(['hidden', 'hidden', 'hidden']);
  });

  it('a deploy or flip event refetches every panel at once', async () => {
    ({ core } = renderApp({ demo: demo(dashboard('ops', [panel('a'), panel('b')])) }));
    await expect.poll(() => sent('graphs.render').length).toBe(2);
    const before = sent('graphs.render').length;
    await act(async () => {
      await flipThroughCore(core!, 'search-kill-switch', 'production', true, 'INC-1 load');
    });
    // Both panels ask again, well before the 10 s auto-refresh (which, on a slow machine, may add one more).
    const panelsAskedAgain = () => new Set(sent('graphs.render').slice(before).map((r) => JSON.stringify(r.targets))).size;
    await expect.poll(panelsAskedAgain, { timeout: 3_000 }).toBe(2);
    expect(sent('markers.list').length).toBeGreaterThanOrEqual(2);
  });

  it('several dashboards get tabs; picking one shows its panels', async () => {
    ({ core } = renderApp({ demo: demo(dashboard('overview', [panel('a'), panel('b')]), dashboard('checkout', [panel('c')])) }));
    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map((t) => [t.textContent, t.getAttribute('aria-selected')])).toEqual([
      ['overview', 'true'],
      ['checkout', 'false'],
    ]);
    await expect.poll(() => panels().map((p) => p.getAttribute('aria-label'))).toEqual(['a', 'b']);
    fireEvent.click(tabs[1]!);
    await expect.poll(() => panels().map((p) => p.getAttribute('aria-label'))).toEqual(['c']);
    fireEvent.keyDown(screen.getByRole('tab', { name: 'checkout' }), { key: 'ArrowRight' });
    await expect.poll(() => panels().map((p) => p.getAttribute('aria-label'))).toEqual(['a', 'b']);
  });

  it('a dashboard picked again draws at once from what it last showed, marked with its age, until Graphite answers', async () => {
    const backends = quietFakes();
    const real = backends.metrics!.render.bind(backends.metrics);
    const held: (() => void)[] = [];
    let hold = false;
    backends.metrics = {
      ...backends.metrics!,
      render: (query, signal) => (hold ? new Promise((resolve) => held.push(() => resolve(real(query, signal)))) : real(query, signal)),
    };
    ({ core } = renderApp({ backends, demo: demo(dashboard('overview', [panel('a'), panel('b')]), dashboard('checkout', [panel('c')])) }));
    await expect.poll(() => document.querySelectorAll('.series-line').length).toBe(2);
    expect(screen.queryAllByTestId('last-known')).toEqual([]);
    fireEvent.click(screen.getByRole('tab', { name: 'checkout' }));
    await expect.poll(() => panels().map((p) => p.getAttribute('aria-label'))).toEqual(['c']);
    hold = true;
    fireEvent.click(screen.getByRole('tab', { name: 'overview' }));
    // Graphite has not answered: what is drawn is what the core kept, and it says so.
    await expect.poll(() => screen.queryAllByTestId('last-known').filter((b) => b.closest('[data-testid="chart-panel"]')).length).toBe(2);
    expect(document.querySelectorAll('.series-line')).toHaveLength(2);
    expect(screen.getAllByTestId('last-known')[0]!.textContent).toBe('last known just now');
    await expect.poll(() => held.length).toBe(2);
    for (const release of held) release();
    await expect.poll(() => screen.queryAllByTestId('last-known').length).toBe(0);
  });

  it('no dashboards: says where dashboards come from instead of an empty page', async () => {
    ({ core } = renderApp({ demo: demo() }));
    const empty = await screen.findByTestId('dashboards-empty');
    expect(empty.textContent).toContain('No dashboards yet');
    expect(empty.textContent).toContain('dashboards:');
    expect(panels()).toHaveLength(0);
  });

  it('without a Graphite every panel says where to add one', async () => {
    const backends = quietFakes();
    backends.metrics = null;
    ({ core } = renderApp({ backends, demo: demo(dashboard('ops', [panel('a'), panel('b')])) }));
    await expect.poll(() => screen.queryAllByTestId('not-configured').length).toBe(2);
    // The core's words: what is missing and where to add it.
    expect(screen.getAllByTestId('not-configured')[0]!.textContent).toBe('No Graphite is configured. Add one in Settings → Backends, or in the config file.');
    expect(screen.queryAllByTestId('stale-notice')).toHaveLength(0);
    // The deploys still show: they come from another backend.
    await expect.poll(() => ticks('a', 'deploy')).toBeGreaterThan(0);
  });
});
