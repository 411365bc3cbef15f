import { expect, test } from './fixtures';

// Markers at the demo's pace (a deploy every ~6 minutes): over a day they crowd, and the console
// must still show every one and say which changed near a moment.

test('over 24 hours close deploys share one "+N" tick whose tooltip lists them all', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const drawer = await ops.openSettings();
  await drawer.getByLabel('Graph range').selectOption('1440');
  // A still window: an auto refresh moving it would re-cluster the ticks under the pointer.
  await drawer.getByLabel('Auto refresh').selectOption('0');
  await page.keyboard.press('Escape');
  // Wait for the day's markers to be drawn: ticks read before that belong to the last hour's view.
  const dayAgo = Date.now() - 20 * 3_600_000;
  await expect
    .poll(async () => Math.min(...(await ops.charts.first().locator('[data-at]').evaluateAll((ticks) => ticks.map((t) => Number((t as HTMLElement).dataset.at))))))
    .toBeLessThan(dayAgo);

  const cluster = ops.charts.first().getByTestId('marker-cluster').first();
  await expect(cluster).toBeAttached();
  const count = Number(await cluster.getAttribute('data-count'));
  expect(count).toBeGreaterThanOrEqual(2);
  await expect(cluster).toHaveText(`+${count}`);

  await cluster.hover();
  const tooltip = ops.charts.first().getByRole('tooltip', { name: `${count} markers` });
  await expect(tooltip).toBeVisible();
  const items = tooltip.getByTestId('marker-list-item');
  await expect(items).toHaveCount(count);
  await expect(items.and(page.locator('[data-kind="deploy"]')).nth(1)).toContainText(/deploy/);
  // Newest first.
  const ats = await items.evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.at)));
  expect(ats).toEqual([...ats].sort((a, b) => b - a));
});

test('after flipping the misbehaving flag, "What changed?" lists the flip first near a cursor set at that moment', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const flag = 'checkout.new-tax-engine';
  await ops.flagSearch.fill(flag);
  await ops.startFlip(flag, 'production', 'checkout errors since the tax engine release');
  await ops.reasonField(flag).press('Enter');
  await expect(ops.flipMarker(flag).first()).toBeAttached();

  // The flip is the newest change: at the right edge. A click there (no drag) sets the cursor on every panel.
  const hit = ops.charts.first().locator('.chart-hit-layer');
  const box = (await hit.boundingBox())!;
  await hit.click({ position: { x: box.width - 2, y: box.height / 2 } });
  await expect(page.getByTestId('time-cursor-badge')).toBeVisible();
  await expect(ops.charts.getByTestId('time-cursor')).toHaveCount(await ops.charts.count());

  // Pointing at a moment opens "What changed?" beside it (the incident mode's one time cursor).
  await expect(page.getByRole('button', { name: 'What changed?' })).toHaveAttribute('aria-pressed', 'true');
  const changes = page.getByRole('complementary', { name: 'What changed?' }).getByTestId('marker-list-item');
  await expect(changes.first()).toBeVisible();
  // The nearest entry for the flag: its release flip made in Unleash 35 minutes earlier is listed too, further down.
  const flip = changes.filter({ hasText: flag }).first();
  await expect(flip).toHaveAttribute('data-kind', 'flip');
  await expect(flip).toContainText(/\((at that moment|\d+ s (before|after)|1 min (before|after))\)/);
  // Nearest first: nothing is listed before it but changes at most as near.
  const index = await changes.evaluateAll((rows, key) => rows.findIndex((r) => r.textContent?.includes(key)), flag);
  expect(index).toBeLessThanOrEqual(1);

  await page.keyboard.press('Escape');
  await expect(ops.charts.getByTestId('time-cursor')).toHaveCount(0);
});
