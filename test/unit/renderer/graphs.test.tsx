import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { findFlagRow, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

/** The only panel of the default test dashboard, once the dashboard list is in. */
async function chart() {
  return within(await screen.findByTestId('chart-panel'));
}

describe('graphs', () => {
  it('draws the series as one path and a tick for every deploy in range', async () => {
    ({ core } = renderApp({ savedSettings: { rangeMinutes: 360 } }));
    const panel = await chart();
    await panel.findByText('web requests/s');
    await expect.poll(() => document.querySelectorAll('.series-line').length).toBe(1);
    const d = document.querySelector('.series-line')!.getAttribute('d')!;
    expect(d.startsWith('M')).toBe(true);
    // 6 h at one deploy every 47 min: 7 or 8 deploys.
    expect((await panel.findAllByTestId('deploy-marker')).length).toBeGreaterThanOrEqual(7);
    expect(panel.getByText(/last deploy/)).toBeTruthy();
  });

  it("a marker's who, what and when are reachable from the keyboard", async () => {
    ({ core } = renderApp());
    const panel = await chart();
    const [first] = await panel.findAllByTestId('deploy-marker');
    expect(first!.tabIndex).toBe(0);
    expect(first!.title).toMatch(/^\w+ — web deploy #\d+ — \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    act(() => first!.focus());
    const tooltip = panel.getByRole('tooltip', { hidden: true });
    expect(tooltip.style.visibility).toBe('visible');
    expect(tooltip.textContent).toContain(first!.title);
    act(() => first!.blur());
    expect(tooltip.style.visibility).toBe('hidden');
  });

  it('leaves a gap where Graphite has no data instead of drawing through it', async () => {
    const backends = quietFakes();
    const real = backends.metrics!.render.bind(backends.metrics);
    backends.metrics = {
      ...backends.metrics!,
      render: async (query, signal) => {
        const series = await real(query, signal);
        return series.map((s) => ({ ...s, values: s.values.map((v, i) => (i === 10 || i === 11 ? null : v)) }));
      },
    };
    ({ core } = renderApp({ backends }));
    await expect.poll(() => document.querySelector('.series-line')?.getAttribute('d') ?? '').toMatch(/^M/);
    const d = document.querySelector('.series-line')!.getAttribute('d')!;
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('a dead Graphite keeps the last chart and shows a stale notice with its age', async () => {
    const backends = quietFakes();
    const real = backends.metrics!.render.bind(backends.metrics);
    let calls = 0;
    backends.metrics = {
      ...backends.metrics!,
      render: (query, signal) => (++calls === 1 ? real(query, signal) : Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:80'))),
    };
    ({ core } = renderApp({ backends }));
    await expect.poll(() => document.querySelectorAll('.series-line').length).toBe(1);
    const before = document.querySelector('.series-line')!.getAttribute('d');

    fireEvent.click(screen.getByRole('button', { name: /refresh/i }));

    const notice = await (await chart()).findByTestId('stale-notice');
    expect(notice.textContent).toMatch(/^Graphite failed \d\d:\d\d:\d\d: .*ECONNREFUSED 10\.0\.0\.7:80\. Showing data from just now\.$/);
    expect(notice.getAttribute('data-code')).toBe('backend_unavailable');
    // The same points, redrawn in the window that moved to now.
    const after = document.querySelector('.series-line')!.getAttribute('d')!;
    expect(after.split('L')).toHaveLength(before!.split('L').length);
    // The backend strip says the same thing.
    await expect
      .poll(() => screen.getAllByTestId('backend-status').find((chip) => chip.dataset.kind === 'graphite')?.dataset.state)
      .toBe('down');
  });

  it('a failing Graphite makes the dashboard rest between refreshes and say so, until it answers again', async () => {
    const backends = quietFakes();
    const real = backends.metrics!.render.bind(backends.metrics);
    let down = false;
    backends.metrics = { ...backends.metrics!, render: (query, signal) => (down ? Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:80')) : real(query, signal)) };
    ({ core } = renderApp({ backends, savedSettings: { autoRefreshSeconds: 10 } }));
    await expect.poll(() => document.querySelectorAll('.series-line').length).toBe(1);
    expect(screen.queryByTestId('refresh-backoff')).toBeNull();
    down = true;
    fireEvent.click(screen.getByRole('button', { name: /refresh/i }));
    expect((await screen.findByTestId('refresh-backoff')).textContent).toBe('Graphite slow: resting 10 s between refreshes');
    // A second failure doubles the rest.
    fireEvent.click(screen.getByRole('button', { name: /refresh/i }));
    await expect.poll(() => screen.getByTestId('refresh-backoff').textContent).toBe('Graphite slow: resting 20 s between refreshes');
    down = false;
    fireEvent.click(screen.getByRole('button', { name: /refresh/i }));
    await expect.poll(() => screen.queryByTestId('refresh-backoff')).toBeNull();
  });

  it('a flip made in the flags panel appears on the chart as a flip marker', async () => {
    ({ core } = renderApp());
    const search = await findFlagRow('search-kill-switch');
    fireEvent.click(within(search).getByRole('switch', { name: /production/ }));
    fireEvent.change(within(search).getByLabelText('Reason for this flip'), { target: { value: 'INC-7 search overload' } });
    await act(async () => fireEvent.submit(within(search).getByLabelText('Reason for this flip')));
    // A flip within a few pixels of a deploy shares its "+N" tick: then its words are in the cluster's list.
    const panel = await chart();
    const tick = await waitFor(() => {
      const found = screen.getByTestId('chart-panel').querySelector<HTMLElement>('[data-testid="flip-marker"], [data-testid="marker-cluster"]:not([data-flips="0"])');
      if (!found) throw new Error('no flip on the chart yet');
      return found;
    });
    if (tick.dataset.testid === 'marker-cluster') fireEvent.focus(tick);
    const words = tick.dataset.testid === 'flip-marker' ? tick.getAttribute('title') : (await panel.findByRole('tooltip', { name: `${tick.dataset.count} markers` })).textContent;
    expect(words).toMatch(/flag search-kill-switch off → on for everyone in production: INC-7 search overload/);
  });
});
