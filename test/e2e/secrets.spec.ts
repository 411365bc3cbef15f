import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from './fixtures';

const SECRET = 'e2e-Secret-7f3a9c-correct-horse-battery';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test('a secret set in Settings shows as set, and its value goes nowhere else', async ({ ops, page }) => {
  // Every contract answer the page received in full, body included. A request the page aborted
  // (a superseded query) ends in 'requestfailed' instead: Chromium keeps no body to read for it.
  const answers: Promise<string>[] = [];
  page.on('requestfinished', (request) => {
    if (request.url().endsWith('/api/request')) answers.push(request.response().then((response) => response?.text() ?? ''));
  });
  await ops.open();
  await ops.waitUntilLoaded();

  // Listen to the event stream as the page does, from before the secret is set.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __events: string[] }).__events = seen;
    new EventSource('/api/events').onmessage = (message: MessageEvent<string>) => void seen.push(message.data);
  });
  // Save a setting too, so there is a settings.json to inspect.
  await page.getByRole('button', { name: 'Local' }).click();
  await expect(page.getByRole('button', { name: 'Local' })).toHaveAttribute('aria-pressed', 'true');

  const drawer = await ops.setSecret('graphite.password', SECRET);
  const row = ops.secretRow(drawer, 'graphite.password');
  await expect(row).toContainText('set');
  await expect(row).not.toContainText('not set');
  await expect(drawer.getByLabel('Value')).toHaveValue('');
  // Some events after the secret, so the stream is known to be live.
  const eventsSoFar = () => page.evaluate(() => (window as unknown as { __events: string[] }).__events.length);
  await expect.poll(eventsSoFar).toBeGreaterThan(2);

  const bodies = await Promise.all(answers);
  expect(bodies.some((body) => body.includes('"graphite.password"'))).toBe(true);
  for (const body of bodies) expect(body).not.toContain(SECRET);

  const events = await page.evaluate(() => (window as unknown as { __events: string[] }).__events);
  expect(events.join('\n')).not.toContain(SECRET);

  const stateFiles = filesUnder(ops.host.stateDir);
  expect(stateFiles.map((f) => path.basename(f))).toContain('settings.json');
  for (const file of stateFiles) expect(readFileSync(file, 'utf8')).not.toContain(SECRET);

  expect(ops.host.stdout()).not.toContain(SECRET);
  expect(ops.host.stderr()).not.toContain(SECRET);

  expect(await page.content()).not.toContain(SECRET);
  const inputValues = await page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(inputValues).not.toContain(SECRET);
});
