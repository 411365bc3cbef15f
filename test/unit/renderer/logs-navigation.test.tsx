import { act, fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';

import { plotRect } from '../../../renderer/features/graphs/chart/chart-geometry';
import { TimeCursorContext, useTimeCursor } from '../../../renderer/features/graphs/time-cursor-context';
import { LogsPanel } from '../../../renderer/features/logs/logs-panel';
import type { LogsTarget } from '../../../renderer/features/logs/logs-navigation';
import { LogVolumeStrip } from '../../../renderer/features/logs/volume-strip/log-volume-strip';
import { useLogsFollowClicks } from '../../../renderer/features/logs/use-logs-follow-clicks';
import { fakeLogCore, renderWithLogs } from './logs-fake-core';

const logs = () => within(screen.getByRole('region', { name: 'Logs' }));
const shownTexts = () => screen.queryAllByTestId('log-line').map((line) => line.querySelector('.log-text')?.textContent);

function webAndApi() {
  return fakeLogCore([
    { id: 'web-1', name: 'app.log', host: 'web-1', service: 'web' },
    { id: 'api-1', name: 'app.log', host: 'api-1', service: 'api' },
    { id: 'api-2', name: 'app.log', host: 'api-2', service: 'api' },
  ]);
}

afterEach(() => vi.restoreAllMocks());

describe('from a graph to its logs', () => {
  it('openAt shows the lines around the moment for every source of that service, and Back to live returns', async () => {
    const core = webAndApi();
    core.store('web-1', ['web line']);
    const early = core.store('api-1', ['api early', 'api before']);
    const [moment] = core.store('api-2', ['api at the moment', 'api after']);
    core.store('api-1', ['api latest']);
    const { navigation } = renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['api early', 'api before', 'api at the moment', 'api after', 'api latest']);
    await act(async () => navigation.openAt({ service: 'web', at: early[0]!.at! }));
    await act(async () => navigation.openAt({ service: 'api', at: moment!.at! }));
    const around = await logs().findByTestId('log-around');
    expect(around.textContent).toMatch(/^Lines around 2026-11-23 14:00:0\d UTC for api/);
    expect(core.calls.filter((c) => c.name === 'logs.around').at(-1)!.input).toMatchObject({ sourceIds: ['api-1', 'api-2'], at: moment!.at });
    await core.write('api-1', 'arrived later');
    expect(logs().getByRole('button', { name: '1 new lines' })).toBeTruthy();
    expect(shownTexts()).not.toContain('arrived later');
    fireEvent.click(logs().getByRole('button', { name: 'Back to live' }));
    await expect.poll(shownTexts).toContain('arrived later');
    expect(logs().queryByTestId('log-around')).toBeNull();
  });

  it('a filter typed while looking at a moment asks for that moment again, through the filter', async () => {
    const core = webAndApi();
    const [moment] = core.store('api-1', ['api ok', 'api failed here', 'api ok again']);
    const { navigation } = renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toHaveLength(3);
    await act(async () => navigation.openAt({ service: 'api', at: moment!.at! }));
    await logs().findByTestId('log-around');
    fireEvent.change(logs().getByRole('textbox', { name: 'Filter log lines' }), { target: { value: 'failed' } });
    await expect.poll(shownTexts).toEqual(['api failed here']);
    expect(core.calls.filter((c) => c.name === 'logs.around').at(-1)!.input).toMatchObject({ at: moment!.at, filter: { text: 'failed' } });
    expect(logs().getByTestId('log-around')).toBeTruthy();
  });

  it('a journal picked before its hosts showed up stands for its hosts once they do', async () => {
    const core = fakeLogCore([
      { id: 'web-1', name: 'app.log', host: 'web-1', service: 'web' },
      { id: 'central', name: 'checkout.service', host: 'journal.internal', service: 'checkout' },
    ]);
    core.store('web-1', ['from web']);
    const { navigation } = renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual([]);
    await act(async () => navigation.openAt({ service: null, sourceIds: ['central'], at: null }));
    await expect.poll(() => logs().queryByText('1 of 2 sources')).toBeTruthy();
    await core.hostsAppear('central', ['web-2', 'web-1']);
    await expect.poll(() => logs().queryByText('2 of 3 sources')).toBeTruthy();
    await core.write('central@web-1', 'journal web-1');
    await core.write('central@web-2', 'journal web-2');
    await expect.poll(shownTexts).toEqual(['journal web-1', 'journal web-2']);
  });

  it('openAt with sources and no moment shows exactly those sources, live', async () => {
    const core = webAndApi();
    core.store('web-1', ['from web']);
    core.store('api-2', ['from api-2']);
    const { navigation } = renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['from api-2']);
    await act(async () => navigation.openAt({ service: null, sourceIds: ['web-1', 'gone-since'], at: null }));
    await expect.poll(shownTexts).toEqual(['from web']);
    expect(logs().getByRole('button', { name: 'Following' })).toBeTruthy();
    expect(logs().getByText('1 of 3 sources')).toBeTruthy();
  });

  it('the strip under a panel draws lines and errors per bucket, and offers the logs of the moment picked', async () => {
    const core = webAndApi();
    core.store('web-1', ['a', { text: 'boom', level: 'error' }, 'b']);
    const from = core.now() - 60_000;
    const domain = [from, from + 120_000] as const;
    const opened: LogsTarget[] = [];
    const { navigation } = renderWithLogs(
      core,
      <TimeCursorContext value={{ at: from + 60_000, origin: null, set: () => {} }}>
        <LogVolumeStrip service="web" domain={domain} width={600} />
        <LogVolumeStrip service="billing" domain={domain} width={600} />
      </TimeCursorContext>,
    );
    navigation.onOpen((target) => opened.push(target));
    const strip = await screen.findByTestId('log-volume-strip');
    expect(strip.dataset.service).toBe('web');
    await expect.poll(() => screen.queryAllByTestId('log-volume-bucket').reduce((sum, b) => sum + Number(b.dataset.errors), 0)).toBe(1);
    expect(core.calls.find((c) => c.name === 'logs.volume')!.input).toMatchObject({ sourceIds: ['web-1'], bucketMs: 1_000 });
    fireEvent.click(within(strip).getByRole('button', { name: /^Logs at \d\d:\d\d →$/ }));
    expect(opened).toEqual([{ service: 'web', at: from + 60_000 }]);
    // A click on the strip itself opens the moment under the mouse, on the chart's own axis.
    const plot = plotRect(600);
    fireEvent.click(within(strip).getByRole('img'), { clientX: plot.left + plot.width / 4 });
    expect(opened[1]).toEqual({ service: 'web', at: from + 30_000 });
    // A service without a log source gets no strip at all.
    expect(screen.getAllByTestId('log-volume-strip')).toHaveLength(1);
  });
});

describe('the time cursor reaches the logs', () => {
  /** A panel's chart as far as the logs care: a click sets the shared cursor, as the chart does. */
  function Chart({ service, at }: { service: string; at: number }) {
    const onClick = useLogsFollowClicks(service);
    const cursor = useTimeCursor();
    return (
      <button type="button" onClick={() => (onClick(), cursor.set(at))}>
        {service} graph
      </button>
    );
  }

  function Dashboard() {
    const [at, set] = useState<number | null>(null);
    return (
      <TimeCursorContext value={{ at, origin: null, set }}>
        <Chart service="api" at={1_000} />
        <Chart service="web" at={2_000} />
        <button type="button" onClick={() => set(3_000)}>
          keyboard t →
        </button>
      </TimeCursorContext>
    );
  }

  it("a click on a graph opens its service's logs at the moment clicked, without scrolling; a cursor moved otherwise does not", async () => {
    const opened: LogsTarget[] = [];
    const { navigation } = renderWithLogs(webAndApi(), <Dashboard />);
    navigation.onOpen((target) => opened.push(target));
    fireEvent.click(screen.getByRole('button', { name: 'api graph' }));
    expect(opened).toEqual([{ service: 'api', at: 1_000, reveal: false }]);
    fireEvent.click(screen.getByRole('button', { name: 'web graph' }));
    expect(opened[1]).toEqual({ service: 'web', at: 2_000, reveal: false });
    // The keyboard (t and arrows) moves the cursor with no click on a graph: the logs stay where they are.
    fireEvent.click(screen.getByRole('button', { name: 'keyboard t →' }));
    expect(opened).toHaveLength(2);
  });
});

describe('source state', () => {
  it('an unknown host key shows its fingerprint; Accept trusts exactly that key', async () => {
    const core = webAndApi();
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(() => core.calls.some((c) => c.name === 'logs.query')).toBe(true);
    await core.status({ id: 'api-1', state: 'host-key-unknown', since: core.now(), message: null, hostKeyFingerprint: 'SHA256:abc123' });
    const status = await logs().findByTestId('log-source-status');
    expect(status.dataset.state).toBe('host-key-unknown');
    expect(status.querySelector('code')!.textContent).toBe('SHA256:abc123');
    fireEvent.click(within(status).getByRole('button', { name: 'Accept host key' }));
    await expect.poll(() => logs().queryByTestId('log-source-status')).toBeNull();
    expect(core.calls.find((c) => c.name === 'logs.trustHostKey')!.input).toEqual({ sourceId: 'api-1', fingerprint: 'SHA256:abc123' });
  });

  it('a changed host key is refused with no way to accept it here; a dropped source says since when', async () => {
    const core = webAndApi();
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(() => core.calls.some((c) => c.name === 'logs.query')).toBe(true);
    await core.status({ id: 'api-1', state: 'host-key-changed', since: core.now(), message: null, hostKeyFingerprint: 'SHA256:new' });
    await core.status({ id: 'api-2', state: 'reconnecting', since: Date.UTC(2026, 10, 23, 14, 3, 10), message: 'connection reset', hostKeyFingerprint: null });
    const [changed, dropped] = await logs().findAllByTestId('log-source-status');
    expect(changed!.textContent).toMatch(/host key CHANGED .* refused/);
    expect(within(changed!).queryByRole('button')).toBeNull();
    expect(dropped!.textContent).toContain('reconnecting since 14:03:10');
    expect(dropped!.textContent).toContain('connection reset');
  });
});

describe('copy and export', () => {
  it('copies a line as plain text (time, host, level, text without colour codes)', async () => {
    const writeText = vi.fn(async () => {});
    // jsdom has no clipboard: give it one for this test only.
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    onTestFinished(() => void Reflect.deleteProperty(navigator, 'clipboard'));
    const core = webAndApi();
    const [line] = core.store('api-1', [{ text: '\u001b[31mERROR\u001b[0m tax timeout', level: 'error' }]);
    renderWithLogs(core, <LogsPanel />);
    fireEvent.click(await logs().findByRole('button', { name: 'Copy line' }));
    expect(writeText).toHaveBeenCalledWith(`${new Date(line!.at!).toISOString()} api-1 app.log ERROR ERROR tax timeout`);
    expect(await logs().findByText('Line copied as written, without terminal codes')).toBeTruthy();
  });

  it('copies a line as written: terminal codes gone, a bidi override kept as the character it is, and says so', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    onTestFinished(() => void Reflect.deleteProperty(navigator, 'clipboard'));
    const core = webAndApi();
    core.store('api-1', ['\u001b]0;pwned\u0007user \u202Eexe.txt\u202C paid']);
    renderWithLogs(core, <LogsPanel />);
    fireEvent.click(await logs().findByRole('button', { name: 'Copy line' }));
    expect(writeText.mock.calls[0]).toEqual([expect.stringMatching(/ INFO user \u202Eexe\.txt\u202C paid$/)]);
    expect(await logs().findByText('Line copied as written, without terminal codes; it holds 2 invisible characters (U+202E, U+202C), kept as is, shown here as markers')).toBeTruthy();
  });

  it('with a line picked (click, then arrows), c copies it', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    onTestFinished(() => void Reflect.deleteProperty(navigator, 'clipboard'));
    const core = webAndApi();
    core.store('api-1', ['first', 'second', 'third']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['first', 'second', 'third']);
    fireEvent.click(screen.getAllByTestId('log-line')[0]!);
    const view = logs().getByRole('log');
    fireEvent.keyDown(view, { key: 'ArrowDown' });
    fireEvent.keyDown(view, { key: 'c' });
    expect(writeText).toHaveBeenCalledTimes(1);
    expect(writeText.mock.calls[0]).toEqual([expect.stringMatching(/ api-1 app\.log INFO second$/)]);
    expect(screen.getAllByTestId('log-line')[1]!.getAttribute('aria-selected')).toBe('true');
  });

  it('exports the lines shown, as filtered, to a .log file', async () => {
    let saved: Blob | undefined;
    const createObjectURL = vi.fn((blob: Blob) => ((saved = blob), 'blob:logs'));
    const real = { createObjectURL: URL.createObjectURL.bind(URL), revokeObjectURL: URL.revokeObjectURL.bind(URL) };
    Object.assign(URL, { createObjectURL, revokeObjectURL: () => {} });
    onTestFinished(() => void Object.assign(URL, real));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const core = webAndApi();
    core.store('api-1', ['keep this', 'drop that', 'keep too']);
    renderWithLogs(core, <LogsPanel />);
    fireEvent.change(await logs().findByRole('textbox', { name: 'Filter log lines' }), { target: { value: 'keep' } });
    await expect.poll(shownTexts).toEqual(['keep this', 'keep too']);
    fireEvent.click(logs().getByRole('button', { name: 'Export' }));
    const text = await saved!.text();
    expect(text.split('\n').filter(Boolean).map((l) => l.replace(/^\S+ /, ''))).toEqual(['api-1 app.log INFO keep this', 'api-1 app.log INFO keep too']);
    // It says which form the file has: not the markers the view draws.
    expect(await logs().findByText(/^Exported 2 rows: the text as written, without terminal codes; invisible characters kept as they are/)).toBeTruthy();
  });
});
