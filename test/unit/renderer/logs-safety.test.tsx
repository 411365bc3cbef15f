import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { DISPLAY_CHARS } from '../../../renderer/features/logs/log-text';
import { LogsPanel } from '../../../renderer/features/logs/logs-panel';
import { fakeLogCore, renderWithLogs } from './logs-fake-core';

declare global {
  interface Window {
    pwned?: number;
  }
}
afterEach(() => delete window.pwned);

const textOf = (row: HTMLElement) => row.querySelector('.log-text')!.textContent;

describe('log text is inert', () => {
  it('markup in a line is shown as the characters it is, and nothing of it runs', async () => {
    const core = fakeLogCore();
    const evil = [
      '<img src=x onerror="window.pwned=1">',
      '<script>window.pwned = 2</script><b>bold?</b>',
      '<a href="javascript:window.pwned=3">click</a> &amp; &lt;',
    ];
    core.store('web-1', evil);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(() => screen.queryAllByTestId('log-line').map(textOf)).toEqual(evil);
    for (const row of screen.getAllByTestId('log-line')) expect(row.querySelector('img, script, b, a, iframe')).toBeNull();
    await core.write('web-1', '<svg onload="window.pwned=4"></svg>');
    expect(screen.getAllByTestId('log-line').at(-1)!.querySelector('svg')).toBeNull();
    expect(window.pwned).toBeUndefined();
  });

  it('ANSI colour codes become coloured spans; the escape characters are not shown, other codes are dropped', async () => {
    const core = fakeLogCore();
    core.store('web-1', ['\u001b[31mERROR\u001b[0m payment \u001b[1;32mok\u001b[0m\u001b[2K\u001b[1A <i>x</i>']);
    renderWithLogs(core, <LogsPanel />);
    const row = await screen.findByTestId('log-line');
    expect(textOf(row)).toBe('ERROR payment ok <i>x</i>');
    const red = [...row.querySelectorAll<HTMLElement>('.log-text span')].find((s) => s.textContent === 'ERROR')!;
    expect(red.style.color).toBe('rgb(187, 0, 0)');
    const green = [...row.querySelectorAll<HTMLElement>('.log-text span')].find((s) => s.textContent === 'ok')!;
    expect(green.className).toBe('ansi-bold');
    expect(row.querySelector('i')).toBeNull();
  });

  it('a 1 MB line is cut visibly, both when the core cut it and when it arrives whole', async () => {
    const core = fakeLogCore();
    const mega = 'x'.repeat(1024 * 1024);
    core.store('web-1', [{ text: mega.slice(0, 64 * 1024), truncatedFrom: 1024 * 1024 }, mega]);
    renderWithLogs(core, <LogsPanel />);
    await expect.poll(() => screen.queryAllByTestId('log-line').length).toBe(2);
    for (const row of screen.getAllByTestId('log-line')) {
      expect(row.querySelector('.log-truncated')?.textContent).toBe(' … 1.0 MB line truncated');
      expect(textOf(row).length).toBeLessThan(DISPLAY_CHARS + 100);
    }
  });

  it('text that was invalid UTF-8 (replacement characters) and control characters render as text', async () => {
    const core = fakeLogCore();
    const odd = 'bad bytes \uFFFD\uFFFD then \u0000\u0007\b\r end \u202Eevil\u202C';
    core.store('web-1', [odd]);
    renderWithLogs(core, <LogsPanel />);
    const row = await screen.findByTestId('log-line');
    expect(textOf(row)).toBe(odd);
  });
});

describe('gaps', () => {
  it('lines that could not be read show as their own row, with when and why', async () => {
    const core = fakeLogCore();
    core.store('web-1', ['before']);
    const from = Date.UTC(2026, 10, 23, 14, 3, 10);
    core.gap('web-1', { from, until: from + 42_000, reason: 'file rotated' });
    renderWithLogs(core, <LogsPanel />);
    const gap = await screen.findByTestId('log-gap');
    expect(gap.textContent).toBe('gap 14:03:10–14:03:52, file rotated' + 'web-1 · app.log');
    expect(gap.querySelector('.log-gap-text')!.textContent).toBe('gap 14:03:10–14:03:52, file rotated');
    // A gap is not a log line: tests and exports count lines without it.
    expect(screen.getAllByTestId('log-line')).toHaveLength(1);
  });
});
