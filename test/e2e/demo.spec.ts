import { expect, test } from './fixtures';
import { MARKER_TICKS } from './pages/console-page';

// The demo world as a new user meets it: no config file, `npm start`, a browser.

test('with no config: charts with deploy lines over 24 hours, and 300 flags reachable by search', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  await expect(ops.sampleDataBadge).toHaveText('DEMO DATA');
  const drawer = await ops.openSettings();
  await drawer.getByLabel('Graph range').selectOption('1440');
  await page.keyboard.press('Escape');

  await expect.poll(() => ops.charts.count()).toBeGreaterThanOrEqual(3);
  const dayAgo = Date.now() - 20 * 3_600_000;
  for (const chart of await ops.charts.all()) {
    // Deploy lines across the whole day, not only the last hours.
    await expect.poll(async () => Math.min(...(await chart.locator(MARKER_TICKS).evaluateAll((ticks) => ticks.map((t) => Number((t as HTMLElement).dataset.at)))))).toBeLessThan(dayAgo);
  }

  await expect(ops.flagCount).toContainText('300');
  await ops.flagSearch.fill('payments.flag-2');
  await expect.poll(() => ops.flagRows.count()).toBeGreaterThan(0);
  await expect(ops.flagRows.first()).toHaveAttribute('data-key', /^payments\.flag-2/);
  await ops.flagSearch.fill('checkout.flag-290');
  await expect(ops.flagRows).toHaveCount(1);
});

test('turning the misbehaving flag off brings its error-rate graph down on screen within 20 seconds', async ({ ops }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const checkoutErrors = ops.charts.filter({ hasText: 'Error rate' }).first().getByTestId('legend-row').filter({ hasText: 'checkout' }).locator('.legend-last');
  const shown = async () => parseFloat((await checkoutErrors.textContent()) ?? 'NaN');
  await expect.poll(shown).toBeGreaterThan(4);
  const before = await shown();

  const flag = 'checkout.new-tax-engine';
  await ops.flagSearch.fill(flag);
  await ops.startFlip(flag, 'production', 'checkout errors since the tax engine release');
  await ops.reasonField(flag).press('Enter');
  await expect(ops.flipMarkers.first()).toBeAttached();
  // The flag's 7 points go (a bad deploy of the demo's may keep its own share of errors).
  await expect.poll(shown, { timeout: 20_000, intervals: [500] }).toBeLessThan(before - 4);
});
