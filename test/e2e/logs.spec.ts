import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startLogDemoServer } from '../../src/demo/log-demo-server';
import type { LogDemoServer } from '../../src/demo/log-demo-server';
import { expect, test } from './fixtures';
import { startHost } from './host';
import type { RunningHost } from './host';
import { ConsolePage } from './pages/console-page';
import { LogsPage } from './pages/logs-page';

test('the tail moves, and each line is drawn once', async ({ ops, page }) => {
  await ops.open();
  const logs = new LogsPage(page);
  await logs.waitForLines();
  const last = async () => (await logs.lineKeys()).at(-1);
  const before = await last();
  await expect.poll(last, { timeout: 10_000 }).not.toBe(before);
  const keys = await logs.lineKeys();
  expect(new Set(keys).size).toBe(keys.length);
});

test('the filter keeps matching lines, highlights the term, and says so under the box when a regex is invalid', async ({ ops, page }) => {
  await ops.open();
  const logs = new LogsPage(page);
  await logs.waitForLines();
  // The demo's first service in the picker is api, whose info lines are GET /v3/listings/…
  await logs.filter('LISTINGS');
  await expect.poll(async () => (await logs.texts()).every((t) => /listings/i.test(t))).toBe(true);
  await expect(logs.lines.first().locator('mark').first()).toHaveText('listings');

  await logs.filter('listings/(\\d+', { regex: true });
  await expect(logs.filterError).toContainText('Not a valid regular expression');
  await expect(logs.filterBox).toHaveAttribute('aria-invalid', 'true');
  await logs.filter('listings/\\d+ 200', { regex: true });
  await expect(logs.filterError).toBeHidden();
  await expect(logs.lines.first().locator('mark').first()).toHaveText(/^listings\/\d+ 200$/);
});

test('a catastrophic regex never stalls the page: it says what it takes, nothing matches, and the next pattern applies at once', async ({ ops, page }) => {
  await ops.open();
  const logs = new LogsPage(page);
  await logs.waitForLines();
  // On V8's backtracking engine each of these takes ages per line; typed here, the page must keep answering.
  await logs.filter('(.+)+\\x01', { regex: true });
  await expect(logs.filterSyntax).toHaveText('Regular expression: JavaScript syntax, without lookaround or back-references. Aa matches case.');
  await expect(logs.lines).toHaveCount(0);
  await expect(logs.panel.getByText('No line matches the filter yet.')).toBeVisible();
  await logs.filter('(?<=GET )/v3', { regex: true });
  await expect(logs.filterError).toHaveText(/^The lookbehind \(\?<=GET \) is not supported: filters run in time proportional to the line/);
  await logs.filter('(l+i*s*t*i*n*g*s*)+/(\\d+)+ 200', { regex: true });
  await expect(logs.filterError).toBeHidden();
  await expect(logs.lines.first().locator('mark').first()).toHaveText(/^listings\/\d+ 200$/);
  // The page is still responsive to the user, not only to its own timers.
  const matchCase = logs.panel.getByRole('button', { name: 'Match case' });
  await matchCase.click();
  await expect(matchCase).toHaveAttribute('aria-pressed', 'true');
});

test('paused, the view holds still while the counter grows; resuming jumps to the end', async ({ ops, page }) => {
  await ops.open();
  const logs = new LogsPage(page);
  await logs.waitForLines();
  await logs.following.click();
  await expect(logs.paused).toBeVisible();
  const held = await logs.lineKeys();
  await expect(logs.newLines).toBeVisible();
  const first = await logs.newLineCount();
  await expect.poll(() => logs.newLineCount(), { timeout: 10_000 }).toBeGreaterThan(first);
  expect(await logs.lineKeys()).toEqual(held);
  await logs.newLines.click();
  await expect(logs.following).toBeVisible();
  await expect.poll(async () => (await logs.lineKeys()).at(-1)).not.toBe(held.at(-1));
});

test('wrapping long lines keeps following; scrolling up to read pauses', async ({ ops, page }) => {
  await ops.open();
  const logs = new LogsPage(page);
  await logs.waitForLines();
  await logs.panel.getByRole('button', { name: 'Wrap' }).click();
  const last = async () => (await logs.lineKeys()).at(-1);
  const before = await last();
  await expect.poll(last, { timeout: 10_000 }).not.toBe(before);
  await expect(logs.following).toBeVisible();
  await logs.panel.getByRole('log').hover();
  await page.mouse.wheel(0, -600);
  await expect(logs.paused).toBeVisible();
});

test('clicking a graph offers the logs of that minute for the panel’s service, and opens them', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const panel = page.locator('[data-testid="chart-panel"][data-service="checkout"]').first();
  const strip = panel.getByTestId('log-volume-strip');
  await expect(strip.getByTestId('log-volume-bucket').first()).toBeAttached();
  const hit = panel.locator('.chart-hit-layer');
  const box = (await hit.boundingBox())!;
  // Near the end of the hour shown: the demo's log files hold the last ten minutes.
  await hit.click({ position: { x: box.width * 0.97, y: box.height / 2 } });
  const offer = strip.getByRole('button', { name: /^Logs at \d\d:\d\d →$/ });
  await offer.click();

  const logs = new LogsPage(page);
  await expect(logs.around).toBeVisible();
  await expect(logs.around).toHaveAttribute('data-service', 'checkout');
  const at = Number(await logs.around.getAttribute('data-at'));
  await expect(logs.lines.first()).toBeVisible();
  const rows = await logs.lines.evaluateAll((els) => els.map((el) => ({ source: el.getAttribute('data-source'), at: Number(el.getAttribute('data-at')) })));
  expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['checkout-1-app', 'checkout-2-app']));
  // The view is centred on the moment: lines from just before and just after it are on screen.
  expect(rows.some((r) => r.at < at && at - r.at < 60_000)).toBe(true);
  expect(rows.some((r) => r.at >= at && r.at - at < 60_000)).toBe(true);
});

test.describe('a log host that writes hostile lines', () => {
  let dir: string;
  let server: LogDemoServer;
  let host: RunningHost | undefined;
  test.beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ops-console-hostile-log-'));
    server = await startLogDemoServer(dir);
  });
  test.afterEach(async () => {
    await host?.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const line = (text: string) => `${new Date().toISOString()} INFO evil-1 ${text}\n`;

  test('markup, ANSI and a 1 MB line render as text; nothing of them runs', async ({ page }) => {
    const markup = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold?</b>';
    writeFileSync(path.join(dir, 'app.log'), line('first line') + line(markup));
    host = await startHost({ config: `logs:\n  - { id: evil-app, type: http, url: '${server.url}/app.log', host: evil-1, service: evil }\n` });
    const ops = new ConsolePage(page, host);
    await ops.watchForProblems();
    await ops.open();
    const logs = new LogsPage(page);
    await expect(logs.lines.filter({ hasText: '<img src=x onerror=' })).toHaveCount(1);

    appendFileSync(path.join(dir, 'app.log'), line('\u001b[31mred words\u001b[0m <svg onload="window.pwned=3">') + line('y'.repeat(1024 * 1024)));
    await expect(logs.lines.filter({ hasText: 'red words <svg onload=' })).toHaveCount(1);
    await expect(logs.lines.filter({ hasText: 'line truncated' })).toHaveCount(1);

    const rows = logs.panel.locator('.log-rows');
    await expect(rows.locator('img, script, svg, b')).toHaveCount(0);
    await expect(logs.lines.filter({ hasText: 'red words' }).locator('span', { hasText: /^red words$/ })).toHaveCSS('color', 'rgb(187, 0, 0)');
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await ops.cspViolations()).toEqual([]);
  });

  test('terminal sequences other than colours are not drawn, and a bidi override shows as a marker where it was written', async ({ page }) => {
    // A shell's title (OSC), keypad and cursor modes, then a file name an RLO makes read "invoice_exe.pdf".
    const hostile = '\u001b]0;root@evil: ~\u0007\u001b=\u001b[?1h\u001b[32mupload\u001b[0m invoice_\u202Efdp.exe\u202C done';
    writeFileSync(path.join(dir, 'app.log'), line(hostile));
    host = await startHost({ config: `logs:\n  - { id: evil-app, type: http, url: '${server.url}/app.log', host: evil-1, service: evil }\n` });
    const ops = new ConsolePage(page, host);
    await ops.open();
    const logs = new LogsPage(page);
    const row = logs.lines.filter({ hasText: 'upload' });
    await expect(row.locator('.log-text')).toHaveText(/ INFO evil-1 upload invoice_RLOfdp\.exePDF done$/);
    const marker = row.locator('.log-invisible').first();
    await expect(marker).toBeVisible();
    await expect(marker).toHaveAttribute('title', 'U+202E right-to-left override');
    // On screen, in the order written: "invoice_", the marker, then "fdp.exe" to its right.
    const text = row.locator('.log-text');
    const xOf = (needle: string) =>
      text.evaluate((el, n) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(n);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return range.getBoundingClientRect().x;
        }
        return NaN;
      }, needle);
    const [before, markerX, after] = [await xOf('invoice_'), (await marker.boundingBox())!.x, await xOf('fdp.exe')];
    expect(before).toBeLessThan(markerX);
    expect(markerX).toBeLessThan(after);
    await expect(row.locator('button[aria-label="Copy line"]')).toHaveAttribute('title', /invisible characters kept as they are, not as the markers shown/);
  });
});
