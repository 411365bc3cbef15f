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

test('a Grafana import names what it converts and leaves out, and the saved dashboard opens with its range, refresh and marker tags', async ({ ops }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const { page } = ops;
  const grafana = {
    title: 'Checkout from Grafana',
    uid: 'checkout-grafana',
    schemaVersion: 27,
    annotations: { list: [{ datasource: 'graphite', enable: true, name: 'Checkout deploys', tags: 'deploy checkout' }] },
    panels: [
      { id: 1, type: 'graph', title: 'Checkout errors', targets: [{ refId: 'A', target: 'sumSeries(checkout.*.errors)' }] },
      { id: 2, type: 'singlestat', title: 'Checkout p95', targets: [{ refId: 'A', target: 'maxSeries(checkout.*.latency.p95)' }], links: [{ title: 'Runbook', url: 'https://wiki.example/checkout' }] },
    ],
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
  };
  await page.getByRole('button', { name: 'Import Grafana JSON' }).click();
  await page.getByLabel('Grafana JSON', { exact: true }).fill(JSON.stringify(grafana));
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('import-preview');
  await expect(preview.getByTestId('import-opens-with')).toHaveText('Opens with the last 24 h, refreshing every 1 min; markers: deploys tagged deploy checkout.');
  await expect(preview.getByTestId('import-converted').getByRole('listitem')).toHaveText([
    '"Checkout p95": a singlestat panel (one number) → line chart',
    'Annotation "Checkout deploys": Graphite events tagged deploy checkout → every panel shows only deploys tagged deploy checkout and flips of a service among those tags',
  ]);
  await expect(preview.getByTestId('import-skipped').getByRole('listitem')).toHaveText(['"Checkout p95": its link is not kept']);

  await preview.getByRole('button', { name: 'Save dashboard' }).click();
  await expect(page.getByRole('tab', { name: 'Checkout from Grafana' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('time-range')).toHaveText(/^last 24 h/);
  await expect(page.getByRole('combobox', { name: 'Auto refresh' })).toHaveValue('60');
  await expect(ops.charts.filter({ has: page.locator('.series-line') })).toHaveCount(2, { timeout: 15_000 });
  expect(ops.consoleErrors).toEqual([]);
});
