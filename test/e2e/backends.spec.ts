import { expect, test } from './fixtures';

test('Settings lists the backends with where each is defined, and "Test connection" answers for a new one', async ({ ops }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const backends = await ops.openBackends();
  const entries = backends.getByTestId('backend-entry');
  expect(await entries.count()).toBeGreaterThanOrEqual(4);
  for (const entry of await entries.all()) await expect(entry).toHaveAttribute('data-origin', /^(config|settings|demo)$/);

  // Test a new Graphite at the address of the one in use, then at one where nothing listens.
  const graphite = backends.locator('[data-testid="backend-entry"][data-kind="graphite"]').first();
  const address = /https?:\/\/[^\s)]+/.exec((await graphite.locator('.backend-entry-target').textContent()) ?? '')?.[0];
  expect(address).toBeTruthy();

  await backends.getByRole('button', { name: 'Add backend' }).click();
  const form = backends.getByRole('form', { name: 'Add backend' });
  await form.getByLabel('Kind').selectOption('graphite');
  await form.getByLabel('Id').fill('e2e-graphite');
  await form.getByLabel('URL').fill(address!);
  await form.getByRole('button', { name: 'Test connection' }).click();
  const result = form.getByTestId('connection-test');
  await expect(result).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
  await expect(result).toHaveText(/^✓ .+/);

  await form.getByLabel('URL').fill('http://127.0.0.1:9');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toHaveAttribute('data-ok', 'false', { timeout: 15_000 });
  await expect(result).toHaveText(/^✗ .+/);
  // Testing saved nothing.
  await expect(backends.locator('[data-testid="backend-entry"][data-id="e2e-graphite"]')).toHaveCount(0);
});
