import { expect, test } from './fixtures';
import { TimeRangeBar } from './pages/time-range-bar';

const HOUR = 3_600_000;
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

test('a link opens its dashboard and range; a drag zooms every panel and Back returns', async ({ ops, page, host }) => {
  // Sign in with the printed address first: a shared link carries no token.
  await ops.open();
  await expect(ops.charts.first()).toBeVisible();
  const tabs = page.getByRole('tab');
  const id = (await tabs.count()) > 1 ? await tabs.nth(1).getAttribute('data-id') : await tabs.first().getAttribute('data-id');
  const until = Math.floor((Date.now() - 2 * HOUR) / 60_000) * 60_000;
  const from = until - HOUR;

  await page.goto('about:blank');
  await page.goto(`${host.origin}/#/d/${id}?from=${from}&to=${until}&tz=utc`);
  const bar = new TimeRangeBar(page);
  await expect(bar.range).toHaveText(`${clock(from)}–${clock(until)} UTC`);
  if ((await tabs.count()) > 1) await expect(bar.selectedTab).toHaveAttribute('data-id', id!);
  await expect(ops.charts.first().locator('path.series-line').first()).toHaveAttribute('d', /^M/);
  await expect(bar.backToLive).toBeVisible();

  await bar.dragAcross(ops.charts.first(), 0.25, 0.5);
  await expect(bar.range).not.toHaveText(`${clock(from)}–${clock(until)} UTC`);
  await expect(page).toHaveURL(/#\/d\/[a-z0-9_-]+\?from=\d+&to=\d+&tz=utc$/);
  const zoomed = new URL(page.url()).hash.match(/from=(\d+)&to=(\d+)/)!;
  expect(Number(zoomed[1])).toBeGreaterThan(from + 0.2 * HOUR);
  expect(Number(zoomed[2])).toBeLessThan(from + 0.55 * HOUR);

  await bar.back.click();
  await expect(bar.range).toHaveText(`${clock(from)}–${clock(until)} UTC`);
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${until}`));

  await bar.backToLive.click();
  await expect(bar.range).toHaveText(/^last /);
  expect(ops.consoleErrors).toEqual([]);
});
