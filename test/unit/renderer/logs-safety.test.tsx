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

  it('invalid UTF-8 shows as replacement characters, and control characters as visible markers, never as boxes', async () => {
    const core = fakeLogCore();
    core.store('web-1', ['bad bytes \uFFFD\uFFFD then \u0000\u0007\b\r end\tx']);
    renderWithLogs(core, <LogsPanel />);
    const row = await screen.findByTestId('log-line');
    expect(textOf(row)).toBe('bad bytes \uFFFD\uFFFD then \u2400\u2407\u2408\u240D end\tx');
    expect([...row.querySelectorAll('.log-invisible')].map((m) => m.getAttribute('title'))).toEqual([
      'U+0000 control character',
      'U+0007 control character',
      'U+0008 control character',
      'U+000D control character',
    ]);
  });

  it('draws no terminal sequence but colours: window titles, keypad and cursor modes are left out', async () => {
    const core = fakeLogCore();
    core.store('web-1', ['\u001b]0;user@host: ~\u0007\u001b=\u001b[?1h\u001b[32mok\u001b[0m \u001b]2;title\u001b\\done\u001b(B\u001b>']);
    renderWithLogs(core, <LogsPanel />);
    const row = await screen.findByTestId('log-line');
    expect(textOf(row)).toBe('ok done');
    expect(row.querySelector('.log-invisible')).toBeNull();
    const green = [...row.querySelectorAll<HTMLElement>('.log-text span')].find((s) => s.textContent === 'ok')!;
    expect(green.style.color).toBe('rgb(0, 187, 0)');
  });

  it('shows a bidi override and zero-width characters as markers, so the line reads in the order it was written', async () => {
    const core = fakeLogCore();
    // Drawn as Unicode asks, "invoice_\u202Efdp.exe" reads "invoice_exe.pdf".
    core.store('web-1', ['upload invoice_\u202Efdp.exe\u202C by ad\u200Bmin\uFEFF']);
    renderWithLogs(core, <LogsPanel />);
    const row = await screen.findByTestId('log-line');
    expect(textOf(row)).toBe('upload invoice_RLOfdp.exePDF by adZWSPminBOM');
    const markers = [...row.querySelectorAll('.log-invisible')];
    expect(markers.map((m) => m.getAttribute('title'))).toEqual([
      'U+202E right-to-left override',
      'U+202C pop directional formatting',
      'U+200B zero width space',
      'U+FEFF byte order mark (zero width no-break space)',
    ]);
    // No override is left in what the page draws.
    expect(row.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\uFEFF]/);
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
