import { expect, test } from './fixtures';

test('log lines keep arriving while the page is open, each shown once', async ({ ops }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const before = await ops.logLines.count();
  await expect.poll(() => ops.logLines.count(), { timeout: 10_000 }).toBeGreaterThan(before + 1);

  const seqs = await ops.logLines.evaluateAll((lines) => lines.map((line) => Number(line.getAttribute('data-seq'))));
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
});

test('paused, the tail stops moving and counts what arrived', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const logs = page.getByRole('region', { name: 'Logs' });
  await logs.getByRole('button', { name: 'Following' }).click();
  const frozen = await ops.logLines.count();
  await expect(logs.getByRole('button', { name: /^\d+ new lines$/ })).toBeVisible();
  await expect(ops.logLines).toHaveCount(frozen);
  await logs.getByRole('button', { name: /new lines/ }).click();
  await expect.poll(() => ops.logLines.count()).toBeGreaterThan(frozen);
});
