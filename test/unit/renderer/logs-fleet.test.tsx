// The log viewer on a fleet: a service's logs on many hosts. Their states are summed up in one
// line instead of a row each, a host key is accepted once for every log on that host, and a
// line that arrives after newer lines of other hosts were drawn is put at its time and counted.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { LogsPanel } from '../../../renderer/features/logs/logs-panel';
import { fakeLogCore, renderWithLogs } from './logs-fake-core';

const logs = () => within(screen.getByRole('region', { name: 'Logs' }));
const shownTexts = () => screen.queryAllByTestId('log-line').map((line) => line.querySelector('.log-text')?.textContent);

/** `count` web hosts with one app.log each, all live. */
function webFleet(count: number) {
  return fakeLogCore(Array.from({ length: count }, (_, i) => ({ id: `web-${i + 1}`, name: 'app.log', host: `web-${i + 1}`, service: 'web' })));
}

describe('many sources', () => {
  it('says "49 live, 1 reconnecting since 14:02:10" in one line, with the one that is down folded under it', async () => {
    const core = webFleet(50);
    renderWithLogs(core, <LogsPanel />);
    const summary = await logs().findByTestId('log-sources-summary');
    expect(summary.textContent).toBe('50 live');
    await core.status({ id: 'web-17', state: 'reconnecting', since: Date.UTC(2026, 10, 23, 14, 2, 10), message: 'read ECONNRESET. Reconnecting in 0.4 s, from byte 5120.', hostKeyFingerprint: null });
    expect(summary.textContent).toBe('49 live, 1 reconnecting since 14:02:10');
    // Not a row each: the one that is down is behind "Which one", with its reason.
    const details = logs().getByText('Which one').closest('details')!;
    expect(details.open).toBe(false);
    const row = within(details).getByTestId('log-source-status');
    expect(row.textContent).toContain('web-17 · app.log');
    expect(row.textContent).toContain('read ECONNRESET');
    expect(logs().getAllByTestId('log-source-status')).toHaveLength(1);

    await core.status({ id: 'web-3', state: 'reconnecting', since: Date.UTC(2026, 10, 23, 14, 1, 55), message: 'connect ECONNREFUSED', hostKeyFingerprint: null });
    expect(summary.textContent).toBe('48 live, 2 reconnecting since 14:01:55');
    expect(logs().getByText('Which 2')).toBeTruthy();
    await core.status({ id: 'web-17', state: 'live', since: Date.UTC(2026, 10, 23, 14, 2, 12), message: null, hostKeyFingerprint: null });
    await core.status({ id: 'web-3', state: 'live', since: Date.UTC(2026, 10, 23, 14, 2, 12), message: null, hostKeyFingerprint: null });
    expect(summary.textContent).toBe('50 live');
    expect(logs().queryByText(/^Which/)).toBeNull();
  });

  it('a few sources keep a row each for the ones not live, and no summary', async () => {
    const core = webFleet(3);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(() => core.calls.some((c) => c.name === 'logs.query')).toBe(true);
    await core.status({ id: 'web-2', state: 'reconnecting', since: Date.UTC(2026, 10, 23, 14, 3, 10), message: 'connection reset', hostKeyFingerprint: null });
    expect((await logs().findByTestId('log-source-status')).textContent).toContain('reconnecting since 14:03:10');
    expect(logs().queryByTestId('log-sources-summary')).toBeNull();
  });

  it('logs waiting for the same host key show it once, and one Accept answers for all of them', async () => {
    const core = webFleet(6);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(() => core.calls.some((c) => c.name === 'logs.query')).toBe(true);
    for (const id of ['web-2', 'web-4', 'web-5']) {
      await core.status({ id, state: 'host-key-unknown', since: core.now(), message: '127.0.0.1 port 2222 offers a host key we have never seen', hostKeyFingerprint: 'SHA256:abc123' });
    }
    expect(logs().getByTestId('log-sources-summary').textContent).toBe('3 live, 3 waiting for a host key to be accepted');
    const prompt = logs().getByTestId('log-source-status');
    expect(prompt.textContent).toContain('web-2 · app.log and 2 more there');
    expect(within(prompt).getAllByRole('button', { name: 'Accept host key' })).toHaveLength(1);
    fireEvent.click(within(prompt).getByRole('button', { name: 'Accept host key' }));
    await expect.poll(() => core.calls.filter((c) => c.name === 'logs.trustHostKey').map((c) => c.input)).toEqual([{ sourceId: 'web-2', fingerprint: 'SHA256:abc123' }]);
  });
});

describe('lines that come late', () => {
  /** Two hosts, the view showing web-1's `text`; `t` is its time. */
  async function twoHostsShowing(text: string) {
    const core = webFleet(2);
    const [first] = core.store('web-1', [text]);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual([text]);
    return { core, t: first!.at! };
  }

  it('more than a second behind the newest line drawn: put at their time, and the view says how many came late and by how much', async () => {
    const { core, t } = await twoHostsShowing('web-1 at 14:00:01');
    await core.write('web-1', { text: 'web-1 at +5 s', at: t + 5_000 });
    expect(logs().queryByTestId('log-late')).toBeNull();
    // web-2 was slow to deliver: its lines belong well before the line already on screen.
    await core.write('web-2', { text: 'web-2 at +2 s', at: t + 2_000 }, { text: 'web-2 at +3.5 s', at: t + 3_500 });
    expect(shownTexts()).toEqual(['web-1 at 14:00:01', 'web-2 at +2 s', 'web-2 at +3.5 s', 'web-1 at +5 s']);
    const note = logs().getByTestId('log-late');
    expect(note.textContent).toBe('2 lines came over 1 s late and were put at their time, up to 3 s behind the newest line shown');
    // A line after the newest one is not late; the count stays.
    await core.write('web-2', { text: 'web-2 at +6 s', at: t + 6_000 });
    expect(note.dataset.count).toBe('2');
  });

  it('within a second of the newest line drawn (a host that reads in bursts): merged in order, none counted late', async () => {
    const { core, t } = await twoHostsShowing('web-1 at 14:00:01');
    await core.write('web-1', { text: 'web-1 at +5 s', at: t + 5_000 });
    // tail -F polls every 0.5 s: web-2's burst comes just after web-1's newer line was drawn.
    await core.write('web-2', { text: 'web-2 at +4.2 s', at: t + 4_200 }, { text: 'web-2 at +4.9 s', at: t + 4_900 });
    expect(shownTexts()).toEqual(['web-1 at 14:00:01', 'web-2 at +4.2 s', 'web-2 at +4.9 s', 'web-1 at +5 s']);
    expect(logs().queryByTestId('log-late')).toBeNull();
    // Exactly a second behind is still a burst; one millisecond more is late.
    await core.write('web-1', { text: 'web-1 at +6 s', at: t + 6_000 });
    await core.write('web-2', { text: 'web-2 at +5 s', at: t + 5_000 });
    expect(logs().queryByTestId('log-late')).toBeNull();
    await core.write('web-1', { text: 'web-1 at +7 s', at: t + 7_000 });
    await core.write('web-2', { text: 'web-2 at +5.999 s', at: t + 5_999 });
    expect(shownTexts().slice(-3)).toEqual(['web-2 at +5.999 s', 'web-1 at +6 s', 'web-1 at +7 s']);
    expect(logs().getByTestId('log-late').textContent).toBe('1 line came over 1 s late and was put at its time, up to 1 s behind the newest line shown');
  });

  it('lines drawn together in one frame are merged without counting any of them late', async () => {
    const { core, t } = await twoHostsShowing('first');
    // Arriving in the same frame: none was on screen before the other.
    core.emitLines('web-1', [{ text: 'web-1 +2 s', at: t + 2_000 }]);
    await core.write('web-2', { text: 'web-2 +1 s', at: t + 1_000 });
    expect(shownTexts()).toEqual(['first', 'web-2 +1 s', 'web-1 +2 s']);
    expect(logs().queryByTestId('log-late')).toBeNull();
  });
});
