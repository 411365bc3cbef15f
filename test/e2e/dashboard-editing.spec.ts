import { expect, test } from './fixtures';

test('a dashboard made from the metric browser is saved and drawn from the demo Graphite', async ({ ops }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const { page } = ops;
  await page.getByRole('button', { name: '+ New dashboard' }).click();
  await page.getByLabel('Dashboard title').fill('From the browser');

  // Open branches until a leaf shows: the demo's tree is a few levels deep.
  const browser = page.getByRole('region', { name: 'Metric browser' });
  const leaf = browser.getByRole('button', { name: /^New panel from / }).first();
  for (let depth = 0; depth < 6 && !(await leaf.isVisible()); depth++) {
    const node = await browser.locator('li.metric-node:has(> button.metric-branch[aria-expanded="false"])').first().getAttribute('data-path');
    const branch = browser.locator(`li.metric-node[data-path="${node}"] > button.metric-branch`);
    await branch.click();
    await expect(branch).toHaveAttribute('aria-expanded', 'true');
    await expect(browser.locator('.metric-loading')).toHaveCount(0);
  }
  const path = ((await leaf.getAttribute('aria-label')) ?? '').replace('New panel from ', '');
  await leaf.click();
  await expect(page.getByLabel(`Targets of ${path}`)).toHaveValue(path);

  await page.getByRole('button', { name: 'Save dashboard' }).click();
  await expect(page.getByRole('tab', { name: 'From the browser' })).toHaveAttribute('aria-selected', 'true');
  await expect(ops.charts.filter({ has: page.locator('.series-line') })).toHaveCount(1, { timeout: 15_000 });
  // The demo's own dashboards are still there.
  expect(await page.getByRole('tab').count()).toBeGreaterThan(1);
});
