import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type { DashboardDefinition } from '../../../src/contract/backend-definitions';
import type { Marker, Series } from '../../../src/contract/wire-types';
import { quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

// The suspect offered from a click on a spike, on the real core with a Graphite whose series
// steps up six minutes ago: the change just before the step, whatever its kind, and never the
// lever to turn back on a flag that was turned off before it.

let core: TestCore | undefined;
afterEach(() => core?.stop());

const MINUTE = 60_000;
const STEP = 10_000;
/** jsdom has no layout: an 800 px chart's plot (800 − 56 axis − 18 margin) and height. */
const PLOT = { width: 726, height: 178 };
const dashboard: DashboardDefinition = {
  id: 'checkout',
  title: 'Checkout',
  panels: [{ title: 'Checkout error rate', targets: ['checkout.error-rate'], unit: '%', service: 'checkout', thresholds: { high: 2 } }],
};

/** `newestAt`: where Graphite's data ends (a refresh that lags the clock), the window's end by default. */
function renderSpike(stepAt: number, markers: Marker[], newestAt = Infinity) {
  const backends = quietFakes();
  backends.metrics = {
    ...backends.metrics!,
    render: async ({ targets, from, until }) =>
      targets.map((target): Series => {
        const timestamps: number[] = [];
        for (let t = Math.floor(from / STEP) * STEP; t < Math.min(until, newestAt); t += STEP) timestamps.push(t);
        const values = timestamps.map((t, i) => (t + STEP > stepAt ? 6 : 0.4) + ((i * 37) % 7) * 0.01);
        return { target, name: 'checkout', timestamps, values };
      }),
  };
  backends.markers = [{ ...backends.markers[0]!, list: async (from, until) => markers.filter((m) => m.at >= from && m.at <= until) }];
  // The stand-in log is checkout's, so pointing at the panel opens logs.
  backends.logs = backends.logs.map((log) => ({ ...log, info: { ...log.info, service: 'checkout' } }));
  core = renderApp({ backends, savedSettings: { rangeMinutes: 60 }, demo: { backends: [], dashboards: [dashboard] } }).core;
}

/** A click on the panel's plot at the moment `at`, on its x axis as the chart draws it. */
function clickAt(at: number) {
  const panel = screen.getByTestId('chart-panel');
  const chart = panel.querySelector<HTMLElement>('.chart')!;
  const layer = panel.querySelector<HTMLElement>('.chart-hit-layer')!;
  vi.spyOn(layer, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: PLOT.width, height: PLOT.height, right: PLOT.width, bottom: PLOT.height, x: 0, y: 0, toJSON: () => ({}) });
  const from = Number(chart.dataset.from);
  const until = Number(chart.dataset.until);
  fireEvent.click(layer, { clientX: ((at - from) / (until - from)) * PLOT.width, clientY: PLOT.height / 2 });
}

const deploy = (at: number, what: string): Marker => ({ id: `d${at}`, kind: 'deploy', at, who: 'kastner', what, link: null, tags: ['deploy', 'checkout'] });
const turnedOn = (at: number, key: string): Marker => ({ id: `n${at}`, kind: 'flip', at, who: 'kastner', what: `flag ${key} off → on for everyone in production: ramp`, link: null, tags: ['flag', key, 'production'] });
const turnedOff = (at: number, key: string): Marker => ({ id: `f${at}`, kind: 'flip', at, who: 'drill', what: `flag ${key} on for everyone → off in production: quiet`, link: null, tags: ['flag', key, 'production'] });

describe('the suspect from a click on a spike', () => {
  it('a deploy just before the onset is the suspect, with no lever of ours and the flips near it beside it; a flag turned off before is not offered back on', async () => {
    const now = Date.now();
    const stepAt = Math.floor((now - 6 * MINUTE) / STEP) * STEP;
    renderSpike(stepAt, [turnedOff(stepAt - 8 * MINUTE, 'checkout.fast-tax'), deploy(stepAt - 20_000, 'checkout: bad build')]);
    await expect.poll(() => screen.getByTestId('chart-panel').querySelectorAll('path.series-line').length).toBeGreaterThan(0);
    await expect.poll(() => screen.getAllByTestId('deploy-marker').length).toBeGreaterThan(0);

    clickAt(now - 3 * MINUTE);
    const suspect = await screen.findByTestId('suspect-deploy');
    expect(suspect.textContent).toMatch(/deploy checkout: bad build by kastner .*Roll it back with your deploy tool/);
    expect(Number(screen.getByTestId('anomaly-note').dataset.onset)).toBe(stepAt);
    expect(screen.getByTestId('anomaly-onset').dataset.at).toBe(String(stepAt));
    expect(screen.queryByRole('button', { name: /^Turn on/ })).toBeNull();

    fireEvent.click(within(suspect).getByRole('button', { name: 'Flags flipped near this deploy' }));
    const item = await screen.findByTestId('deploy-flip');
    expect(item.dataset.flag).toBe('checkout.fast-tax');
    expect(item.textContent).toMatch(/off before the anomaly began: not offered here/);
    expect(within(item).queryByRole('button')).toBeNull();
  });

  it('a click where the series is in line offers no suspect; the changes near it are still listed', async () => {
    const now = Date.now();
    const stepAt = Math.floor((now - 6 * MINUTE) / STEP) * STEP;
    renderSpike(stepAt, [turnedOff(now - 25 * MINUTE, 'checkout.fast-tax'), deploy(stepAt - 20_000, 'checkout: bad build')]);
    await expect.poll(() => screen.getAllByTestId(/^(deploy|flip)-marker$/).length).toBe(2);
    clickAt(now - 20 * MINUTE);
    const note = await screen.findByTestId('anomaly-note');
    expect(note.dataset.onset).toBe('');
    expect(note.textContent).toMatch(/No anomaly at .* on Checkout error rate/);
    expect(screen.queryByTestId('suspect-flag')).toBeNull();
    expect(screen.queryByTestId('suspect-deploy')).toBeNull();
    expect(within(screen.getByTestId('what-changed')).getAllByTestId('marker-list-item')).toHaveLength(2);
  });

  it('a flag turned off before the anomaly, the only change before it, is named without a lever', async () => {
    const now = Date.now();
    const stepAt = Math.floor((now - 6 * MINUTE) / STEP) * STEP;
    renderSpike(stepAt, [turnedOff(stepAt - 5 * MINUTE, 'checkout.fast-tax')]);
    await expect.poll(() => screen.getAllByTestId('flip-marker').length).toBe(1);
    clickAt(now - MINUTE);
    const suspect = await screen.findByTestId('suspect-flag');
    expect(suspect.dataset.lever).toBe('');
    expect(suspect.textContent).toMatch(/turned off before the anomaly began: turning it back on is not offered here/);
    expect(within(suspect).queryByRole('button')).toBeNull();
  });
});

describe('the suspect from the keyboard', () => {
  // jsdom lays nothing out, so it has no scrolling either; focusing the lever scrolls it into view.
  beforeAll(() => void (Element.prototype.scrollIntoView = () => {}));
  afterAll(() => void delete (Element.prototype as Partial<Element>).scrollIntoView);
  const key = (name: string) => fireEvent.keyDown(document.body, { key: name });
  const layout = () => screen.getByTestId('workspace').dataset.layout;

  it('t lands on the newest reading drawn, a minute behind the clock; Enter there opens the incident layout as a click does, with focus on the lever', async () => {
    const now = Date.now();
    const stepAt = Math.floor((now - 6 * MINUTE) / STEP) * STEP;
    // Graphite's newest point a minute old: the dashboard refreshes once a minute, or the machine is busy.
    const newestAt = Math.floor((now - MINUTE) / STEP) * STEP;
    renderSpike(stepAt, [turnedOn(stepAt - 20_000, 'checkout.new-tax-engine')], newestAt);
    await expect.poll(() => screen.getByTestId('chart-panel').querySelectorAll('path.series-line').length).toBeGreaterThan(0);
    await expect.poll(() => screen.queryAllByTestId('flip-marker').length).toBe(1);

    key('t');
    const at = Number(screen.getByTestId('time-cursor-badge').dataset.at);
    expect(at).toBeLessThan(newestAt);
    expect(at).toBeGreaterThanOrEqual(newestAt - STEP);
    // Moving through moments keeps every panel in sight.
    key('ArrowLeft');
    expect(Number(screen.getByTestId('time-cursor-badge').dataset.at)).toBe(at - STEP);
    expect(layout()).toBe('overview');
    expect((await screen.findByTestId('suspect-flag')).dataset.flag).toBe('checkout.new-tax-engine');

    key('Enter');
    expect(layout()).toBe('incident');
    expect(screen.getByTestId('chart-panel').classList.contains('has-onset')).toBe(true);
    expect(Number(screen.getByTestId('anomaly-note').dataset.onset)).toBe(stepAt);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Turn off in production'));
    // That moment's logs of the panel's service, as a click on its chart opens them.
    expect((await screen.findByTestId('log-around')).dataset).toMatchObject({ service: 'checkout', at: String(at - STEP) });

    // Escape leaves the layout and keeps the cursor, as after a click.
    key('Escape');
    expect(layout()).toBe('overview');
    expect(Number(screen.getByTestId('time-cursor-badge').dataset.at)).toBe(at - STEP);
  });

  it('Enter where no panel is out of line stays in the overview', async () => {
    const now = Date.now();
    const stepAt = Math.floor((now - 6 * MINUTE) / STEP) * STEP;
    renderSpike(stepAt, [turnedOn(stepAt - 20_000, 'checkout.new-tax-engine')]);
    await expect.poll(() => screen.getByTestId('chart-panel').querySelectorAll('path.series-line').length).toBeGreaterThan(0);
    key('t');
    // Back to before the step, where the series is in line.
    for (let i = 0; i < 9; i++) fireEvent.keyDown(document.body, { key: 'ArrowLeft', shiftKey: true });
    key('Enter');
    expect((await screen.findByTestId('anomaly-note')).dataset.onset).toBe('');
    expect(layout()).toBe('overview');
    expect(screen.queryByTestId('suspect-flag')).toBeNull();
  });
});
