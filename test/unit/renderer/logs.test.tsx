import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { LogsPanel } from '../../../renderer/features/logs/logs-panel';
import { fakeLogCore, renderWithLogs } from './logs-fake-core';

const shownTexts = () => screen.queryAllByTestId('log-line').map((line) => line.querySelector('.log-text')?.textContent);
const logs = () => within(screen.getByRole('region', { name: 'Logs' }));

function twoHosts() {
  return fakeLogCore([
    { id: 'web-1', name: 'app.log', host: 'web-1', service: 'web' },
    { id: 'web-2', name: 'app.log', host: 'web-2', service: 'web' },
  ]);
}

describe('log viewer: the tail', () => {
  it('shows the recent lines of every source of the service merged by time, then new ones as they arrive', async () => {
    const core = twoHosts();
    core.store('web-1', ['a1']);
    core.store('web-2', ['b1']);
    core.store('web-1', ['a2']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['a1', 'b1', 'a2']);
    await core.write('web-2', 'b2');
    await core.write('web-1', 'a3');
    expect(shownTexts()).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    // Each line says where it comes from.
    expect(screen.getAllByTestId('log-line').map((l) => l.querySelector('.log-source')?.textContent)).toEqual([
      'web-1 · app.log',
      'web-2 · app.log',
      'web-1 · app.log',
      'web-2 · app.log',
      'web-1 · app.log',
    ]);
  });

  it('a line sent twice (a replay after a reconnect, an event racing the first query) is shown once', async () => {
    const core = twoHosts();
    const early = core.store('web-1', ['one', 'two']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['one', 'two']);
    // The event for lines the first query already returned arrives late.
    await core.resend(early);
    await core.write('web-2', 'three');
    // The stream drops and comes back: the re-query returns everything again, overlapping the screen.
    await core.reconnect();
    await expect.poll(() => core.calls.filter((c) => c.name === 'logs.query').length).toBe(2);
    await core.write('web-1', 'four');
    await expect.poll(shownTexts).toEqual(['one', 'two', 'three', 'four']);
    const keys = screen.getAllByTestId('log-line').map((l) => `${l.dataset.source}:${l.dataset.seq}`);
    expect(keys).toEqual(['web-1:0', 'web-1:1', 'web-2:0', 'web-1:2']);
  });

  it('after a reconnect, more lines than one answer holds are all fetched: none skipped, none doubled', async () => {
    const core = twoHosts();
    core.store('web-1', ['before the drop']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['before the drop']);
    // While the stream was down, 12,000 lines were written: more than one query's 5,000.
    core.store('web-1', Array.from({ length: 12_000 }, (_, i) => `missed ${i}`));
    await core.reconnect();
    const rows = () => Number(screen.getByRole('table').getAttribute('aria-rowcount'));
    await expect.poll(rows).toBe(12_001);
    const asked = core.calls.filter((c) => c.name === 'logs.query').slice(1);
    expect(asked.map((c) => c.input.until === null)).toEqual([true, false, false]);
    expect(shownTexts().at(-1)).toBe('missed 11999');
  });

  it('paused, the view holds still while the counter grows; resuming jumps to the end', async () => {
    const core = twoHosts();
    core.store('web-1', ['one']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['one']);
    fireEvent.click(logs().getByRole('button', { name: 'Following' }));
    await core.write('web-1', 'two', 'three');
    await core.write('web-2', 'four');
    expect(shownTexts()).toEqual(['one']);
    const more = logs().getByRole('button', { name: '3 new lines' });
    expect(logs().getByRole('button', { name: 'Paused' })).toHaveProperty('ariaPressed', 'false');
    fireEvent.click(more);
    await expect.poll(shownTexts).toEqual(['one', 'two', 'three', 'four']);
    expect(logs().queryByRole('button', { name: /new lines/ })).toBeNull();
  });
});

describe('log viewer: the filter', () => {
  it('asks the core for matching lines, filters live lines the same way, and highlights the term', async () => {
    const core = twoHosts();
    core.store('web-1', ['GET /cart 200', 'checkout failed: timeout', 'GET /health 200']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toHaveLength(3);
    fireEvent.change(logs().getByRole('textbox', { name: 'Filter log lines' }), { target: { value: 'FAILED' } });
    await expect.poll(shownTexts).toEqual(['checkout failed: timeout']);
    expect(core.calls.at(-1)).toMatchObject({ name: 'logs.query', input: { filter: { text: 'FAILED', mode: 'substring', caseSensitive: false } } });
    await core.write('web-2', 'GET /cart 200', 'payment failed: 502');
    expect(shownTexts()).toEqual(['checkout failed: timeout', 'payment failed: 502']);
    const marks = screen.getAllByTestId('log-line').map((l) => [...l.querySelectorAll('mark')].map((m) => m.textContent));
    expect(marks).toEqual([['failed'], ['failed']]);
  });

  it('an invalid regex is said under the box; the lines shown stay as they were', async () => {
    const core = twoHosts();
    core.store('web-1', ['alpha', 'beta']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['alpha', 'beta']);
    fireEvent.click(logs().getByRole('button', { name: 'Regular expression' }));
    const box = logs().getByRole('textbox', { name: 'Filter log lines' });
    fireEvent.change(box, { target: { value: 'al(pha' } });
    const error = await logs().findByTestId('log-filter-error');
    expect(error.textContent).toMatch(/^Not a valid regular expression: .*unterminated group/i);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(box.getAttribute('aria-describedby')).toBe(error.id);
    expect(shownTexts()).toEqual(['alpha', 'beta']);
    fireEvent.change(box, { target: { value: 'al(pha)?' } });
    await expect.poll(shownTexts).toEqual(['alpha']);
    expect(logs().queryByTestId('log-filter-error')).toBeNull();
    expect(screen.getByTestId('log-line').querySelector('mark')?.textContent).toBe('alpha');
  });

  it('says which syntax the regex box takes, and names lookaround when it is refused', async () => {
    const core = twoHosts();
    core.store('web-1', ['alpha']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['alpha']);
    expect(logs().queryByTestId('log-filter-syntax')).toBeNull();
    fireEvent.click(logs().getByRole('button', { name: 'Regular expression' }));
    expect(logs().getByTestId('log-filter-syntax').textContent).toBe('Regular expression: JavaScript syntax, without lookaround or back-references. Aa matches case.');
    fireEvent.change(logs().getByRole('textbox', { name: 'Filter log lines' }), { target: { value: 'al(?=pha)' } });
    expect((await logs().findByTestId('log-filter-error')).textContent).toMatch(/^The lookahead \(\?=pha\) is not supported/);
  });

  it('a catastrophic regex filters and highlights live lines at once (V8 would backtrack on them for ages)', async () => {
    const core = twoHosts();
    core.store('web-1', ['start']);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['start']);
    fireEvent.click(logs().getByRole('button', { name: 'Regular expression' }));
    fireEvent.change(logs().getByRole('textbox', { name: 'Filter log lines' }), { target: { value: '^(a+)+$' } });
    await expect.poll(() => core.calls.at(-1)?.input.filter?.text).toBe('^(a+)+$');
    await core.write('web-1', `${'a'.repeat(40)}!`);
    await core.write('web-2', 'aaaa');
    await expect.poll(shownTexts).toEqual(['aaaa']);
    expect(screen.getByTestId('log-line').querySelector('mark')?.textContent).toBe('aaaa');
  });

  it('level chips keep only those levels, and gaps always show', async () => {
    const core = twoHosts();
    core.store('web-1', [{ text: 'fine', level: 'info' }, { text: 'boom', level: 'error' }]);
    core.gap('web-1', { from: null, until: null, reason: 'file truncated' });
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(shownTexts).toEqual(['fine', 'boom']);
    fireEvent.click(logs().getByRole('button', { name: 'error' }));
    await expect.poll(shownTexts).toEqual(['boom']);
    await core.write('web-2', { text: 'quiet', level: 'debug' }, { text: 'bang', level: 'error' });
    expect(shownTexts()).toEqual(['boom', 'bang']);
    expect(screen.getAllByTestId('log-gap')).toHaveLength(1);
    expect(screen.getAllByTestId('log-line')[0]!.className).toContain('level-error');
  });
});

describe('log viewer: sources', () => {
  it('picks several sources at once from a list grouped by service', async () => {
    const core = fakeLogCore([
      { id: 'web-1', name: 'app.log', host: 'web-1', service: 'web' },
      { id: 'api-1', name: 'app.log', host: 'api-1', service: 'api' },
    ]);
    core.store('web-1', ['from web']);
    core.store('api-1', ['from api']);
    renderWithLogs(core, <LogsPanel />);
    // Until the user picks, the first service in the list: api.
    await expect.poll(shownTexts).toEqual(['from api']);
    fireEvent.click(logs().getByText('1 of 2 sources'));
    const menu = within(await logs().findByRole('group', { name: 'Pick log sources' }));
    expect([...logs().getByRole('group', { name: 'Pick log sources' }).querySelectorAll('legend')].map((l) => l.textContent)).toEqual(['api', 'web']);
    fireEvent.click(menu.getByRole('checkbox', { name: /web-1 · app.log/ }));
    await expect.poll(shownTexts).toEqual(['from web', 'from api']);
    await act(async () => fireEvent.click(menu.getByRole('checkbox', { name: 'All of api' })));
    await expect.poll(shownTexts).toEqual(['from web']);
  });
});
