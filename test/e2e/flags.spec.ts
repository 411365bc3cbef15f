import type { Request } from '@playwright/test';

import { expect, test } from './fixtures';

const isRequest = (name: string) => (request: Request) =>
  request.url().endsWith('/api/request') && (request.postData() ?? '').includes(`"${name}"`);
const isFlip = isRequest('flags.flip');

test('flipping a production flag with a reason shows pending, then the new state, and a flip marker on the graphs', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const key = await ops.findFlagThatIsOff('production');

  // Hold the flip on the wire so "pending" is observable, whatever the flag service's speed.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/request', async (route) => {
    if (isFlip(route.request())) await held;
    await route.continue();
  });

  const toggle = ops.flagSwitch(key, 'production');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await ops.startFlip(key, 'production', 'INC-4411 search is melting');
  await expect(ops.flagRow(key)).toContainText('OFF → ON');
  await ops.reasonField(key).press('Enter');

  await expect(toggle).toHaveAttribute('aria-busy', 'true');
  await expect(toggle).toHaveText(/pending/);
  await expect(toggle).toBeDisabled();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');

  release();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(toggle).toHaveText(/ON/);
  await expect(toggle).toHaveAttribute('aria-busy', 'false');
  // On every panel that shows all markers (or this flag's service): at least one.
  await expect(ops.flipMarker(`${key} on in production: INC-4411 search is melting`).first()).toBeAttached();
});

test('an empty reason cannot be submitted', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const flips: Request[] = [];
  page.on('request', (request) => {
    if (isFlip(request)) flips.push(request);
  });

  const key = (await ops.flagRows.first().getAttribute('data-key'))!;
  const toggle = ops.flagSwitch(key, 'production');
  const before = await toggle.getAttribute('aria-checked');
  await toggle.click();
  const reason = ops.reasonField(key);
  await reason.press('Enter');
  await reason.fill('   ');
  await reason.press('Enter');
  await expect(ops.flagRow(key).getByRole('button', { name: /^Flip (ON|OFF)$/ })).toBeDisabled();
  await expect(reason).toBeVisible();

  await reason.press('Escape');
  await expect(reason).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-checked', before!);
  expect(flips).toHaveLength(0);
});

test('typing in the flag search narrows the list as you type, without asking the server', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const total = Number(/^(\d+) flags$/.exec((await ops.flagCount.textContent()) ?? '')?.[1]);
  expect(total).toBeGreaterThan(0);
  // A word from the first flag's key, so the search finds something in any flag service.
  const key = (await ops.flagRows.first().getAttribute('data-key'))!;
  const word = key.split(/[.\-_]/).find((part) => part.length >= 4) ?? key;

  const lists: Request[] = [];
  page.on('request', (request) => {
    if (isRequest('flags.list')(request)) lists.push(request);
  });
  await page.locator('body').press('/');
  await expect(ops.flagSearch).toBeFocused();
  await page.keyboard.type(word, { delay: 30 });

  await expect(ops.flagCount).toHaveText(new RegExp(`^\\d+ of ${total}$`));
  const shown = Number(/^(\d+) of/.exec((await ops.flagCount.textContent()) ?? '')?.[1]);
  expect(shown).toBeGreaterThan(0);
  if (total > 20) expect(shown).toBeLessThan(total);
  for (const row of await ops.flagRows.all()) expect((await row.textContent())!.toLowerCase()).toContain(word.toLowerCase());
  // One keystroke, one filter in the page: at most the auto-refresh's own list went out meanwhile.
  expect(lists.length).toBeLessThanOrEqual(1);
  // Only the rows in view are in the page, however many flags there are.
  expect(await ops.flagRows.count()).toBeLessThanOrEqual(Math.min(total, 40));
});
