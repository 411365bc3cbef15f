import type { Request } from '@playwright/test';

import { expect, test } from './fixtures';

const isFlip = (request: Request) => request.url().endsWith('/api/request') && (request.postData() ?? '').includes('"flags.flip"');

test('flipping a production flag with a reason shows pending, then the new state, and a flip marker on the chart', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  await expect(ops.flipMarkers).toHaveCount(0);

  // Hold the flip on the wire so "pending" is observable; the stand-in itself answers at once.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/request', async (route) => {
    if (isFlip(route.request())) await held;
    await route.continue();
  });

  const toggle = ops.flagSwitch('search-kill-switch', 'production');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await ops.startFlip('search-kill-switch', 'production', 'INC-4411 search is melting');
  await expect(ops.flagRow('search-kill-switch')).toContainText('OFF → ON');
  await ops.reasonField('search-kill-switch').press('Enter');

  await expect(toggle).toHaveAttribute('aria-busy', 'true');
  await expect(toggle).toHaveText(/pending/);
  await expect(toggle).toBeDisabled();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');

  release();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(toggle).toHaveText(/ON/);
  await expect(toggle).toHaveAttribute('aria-busy', 'false');
  await expect(ops.flipMarkers).toHaveCount(1);
  await expect(ops.flipMarkers.first()).toHaveAttribute('title', /search-kill-switch on in production: INC-4411 search is melting/);
});

test('an empty reason cannot be submitted', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const flips: Request[] = [];
  page.on('request', (request) => {
    if (isFlip(request)) flips.push(request);
  });

  await ops.flagSwitch('checkout-new-tax-engine', 'production').click();
  const reason = ops.reasonField('checkout-new-tax-engine');
  await reason.press('Enter');
  await reason.fill('   ');
  await reason.press('Enter');
  await expect(ops.flagRow('checkout-new-tax-engine').getByRole('button', { name: /Flip OFF/ })).toBeDisabled();
  await expect(reason).toBeVisible();

  await reason.press('Escape');
  await expect(reason).toHaveCount(0);
  await expect(ops.flagSwitch('checkout-new-tax-engine', 'production')).toHaveAttribute('aria-checked', 'true');
  expect(flips).toHaveLength(0);
});
