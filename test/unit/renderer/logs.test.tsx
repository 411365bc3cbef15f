import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { LogFollower, RawLogLine } from '../../../src/backends/backend-set';
import { quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

/** A log source the test writes to by hand. */
function handLog() {
  const backends = quietFakes();
  let follower: LogFollower | undefined;
  backends.logs = [
    {
      id: 'hand',
      kind: 'logs',
      name: 'hand-written log',
      check: async () => 'hand-written',
      info: { id: 'hand', name: 'hand.log', host: 'test-1', service: 'test' },
      follow: (f) => ((follower = f), () => (follower = undefined)),
    },
  ];
  const write = (...texts: string[]) =>
    act(async () => follower!.onLines(texts.map((text): RawLogLine => ({ at: Date.now(), level: 'info', text }))));
  return { backends, write };
}

const shownLines = () => screen.queryAllByTestId('log-line').map((line) => line.querySelector('.log-text')?.textContent);

describe('log tail', () => {
  it('shows the recent lines, then new ones as they arrive', async () => {
    const { backends, write } = handLog();
    ({ core } = renderApp({ backends }));
    await write('first', 'second');
    await expect.poll(shownLines).toEqual(['first', 'second']);
    await write('third');
    await expect.poll(shownLines).toEqual(['first', 'second', 'third']);
  });

  it('log lines already shown are not shown twice after a re-tail', async () => {
    const { backends, write } = handLog();
    ({ core } = renderApp({ backends }));
    await write('a', 'b', 'c');
    await expect.poll(shownLines).toEqual(['a', 'b', 'c']);
    await act(async () => core!.reconnect());
    await write('d');
    await act(async () => core!.reconnect());
    await expect.poll(shownLines).toEqual(['a', 'b', 'c', 'd']);
    expect(core.requests.filter((name) => name === 'logs.tail')).toHaveLength(3);
  });

  it('log text with <script> markup renders as text', async () => {
    const { backends, write } = handLog();
    ({ core } = renderApp({ backends }));
    const evil = '<script>window.pwned = 1</script><img src=x onerror="window.pwned=2"><b>bold?</b>';
    await write(evil);
    await expect.poll(shownLines).toEqual([evil]);
    const line = screen.getByTestId('log-line');
    expect(line.querySelector('script, img, b')).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('paused, the view holds still and counts the new lines; resuming shows them', async () => {
    const { backends, write } = handLog();
    ({ core } = renderApp({ backends }));
    await write('one');
    await expect.poll(shownLines).toEqual(['one']);
    const logs = within(screen.getByRole('region', { name: 'Logs' }));
    fireEvent.click(logs.getByRole('button', { name: 'Following' }));
    await write('two', 'three');
    expect(shownLines()).toEqual(['one']);
    const more = await logs.findByRole('button', { name: '2 new lines' });
    fireEvent.click(more);
    await expect.poll(shownLines).toEqual(['one', 'two', 'three']);
  });

  it('levels are marked so errors stand out', async () => {
    const { backends } = handLog();
    let follower: LogFollower | undefined;
    backends.logs[0] = { ...backends.logs[0]!, follow: (f) => ((follower = f), () => undefined) };
    ({ core } = renderApp({ backends }));
    await act(async () => follower!.onLines([{ at: Date.now(), level: 'error', text: 'checkout failed' }]));
    const line = await screen.findByTestId('log-line');
    expect(line.className).toContain('level-error');
  });

  it('with a source per host, the picker groups them by service and names the host', async () => {
    const backends = quietFakes();
    const hosts = [
      ['web-2', 'web'],
      ['checkout-1', 'checkout'],
      ['web-10', 'web'],
      ['web-1', 'web'],
      ['api-1', 'api'],
    ] as const;
    const lines = new Map<string, LogFollower>();
    backends.logs = hosts.map(([host, service]) => ({
      id: `${host}-app`,
      kind: 'logs' as const,
      name: `${host} app.log`,
      check: async () => 'ok',
      info: { id: `${host}-app`, name: 'app.log', host, service },
      follow: (f: LogFollower) => (lines.set(`${host}-app`, f), () => undefined),
    }));
    ({ core } = renderApp({ backends }));
    const picker = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Log source' });
    await expect.poll(() => picker.querySelectorAll('optgroup').length).toBe(3);
    const groups = [...picker.querySelectorAll('optgroup')].map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.textContent)]);
    expect(groups).toEqual([
      ['api', ['api-1 · app.log']],
      ['checkout', ['checkout-1 · app.log']],
      ['web', ['web-1 · app.log', 'web-2 · app.log', 'web-10 · app.log']],
    ]);
    // The first in the picker is tailed first; picking another tails that one.
    expect(picker.value).toBe('api-1-app');
    fireEvent.change(picker, { target: { value: 'web-10-app' } });
    await act(async () => lines.get('web-10-app')!.onLines([{ at: Date.now(), level: 'info', text: 'from web-10' }]));
    await expect.poll(shownLines).toEqual(['from web-10']);
  });
});
