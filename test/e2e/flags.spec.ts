import type { Request } from '@playwright/test';

import { expect, test } from './fixtures';
import { FlagsPage } from './pages/flags-page';

const isRequest = (name: string) => (request: Request) =>
  request.url().endsWith('/api/request') && (request.postData() ?? '').includes(`"${name}"`);
const isFlip = isRequest('flags.flip');

/** The demo's kill switch for search: found by typing part of its name. */
const KILL_SWITCH = 'search.suggestions-kill-switch';

test('find a flag by typing, flip it in production with a reason: pending, confirmed, a flip marker on the graphs, an audit entry', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const flags = new FlagsPage(page);
  await flags.find('suggestions kill', KILL_SWITCH);
  const toggle = flags.switch(KILL_SWITCH, 'production');
  const before = (await toggle.getAttribute('aria-checked')) === 'true';

  // Hold the flip on the wire so "pending" is observable, whatever the flag service's speed.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const flips: Request[] = [];
  await page.route('**/api/request', async (route) => {
    if (isFlip(route.request())) {
      flips.push(route.request());
      await held;
    }
    await route.continue();
  });

  const reason = `INC-4411 search is melting ${Date.now()}`;
  await toggle.click();
  await expect(flags.row(KILL_SWITCH).getByTestId('blast-radius')).toHaveText(before ? /^production · .* → 0 %$/ : /^production · 0 % → /);
  await page.keyboard.type(reason);
  await page.keyboard.press('Enter');

  await expect(toggle).toHaveAttribute('aria-busy', 'true');
  await expect(toggle).toHaveText(/pending/);
  await expect(toggle).toBeDisabled();
  await expect(toggle).toHaveAttribute('aria-checked', String(before));
  // Focus went back to the switch the flip started from.
  await expect(toggle).toBeFocused();

  release();
  await expect(toggle).toHaveAttribute('aria-checked', String(!before));
  await expect(toggle).toHaveAttribute('aria-busy', 'false');
  await expect(toggle).not.toHaveText(/pending/);
  expect(flips).toHaveLength(1);
  // On every panel that shows all markers (or this flag's service): at least one.
  await expect(ops.flipMarker(reason).first()).toBeAttached();

  await flags.openAuditLog();
  const entry = flags.auditEntry(KILL_SWITCH).first();
  await expect(entry).toHaveAttribute('data-outcome', 'confirmed');
  await expect(entry).toContainText(reason);
  await expect(entry).toContainText('in production');
  await expect(entry.locator('[data-publish]')).toHaveAttribute('data-publish', /sent|queued/);
});

test('an empty reason cannot be submitted, and Escape leaves the switch as it was', async ({ ops, page }) => {
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
  await expect(reason).toBeFocused();
  await reason.press('Enter');
  await reason.fill('   ');
  await reason.press('Enter');
  await expect(ops.flagRow(key).getByRole('button', { name: /^Flip / })).toBeDisabled();
  await expect(reason).toBeVisible();

  await reason.press('Escape');
  await expect(reason).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-checked', before!);
  await expect(toggle).toBeFocused();
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

test('P shows the incident pins (kill switches first) and puts focus on a switch', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const flags = new FlagsPage(page);
  await page.locator('body').press('Shift+P');
  await expect(flags.panel.getByRole('button', { name: /Pins/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(flags.count).toHaveText(/^\d+ of \d+$/);
  for (const row of (await flags.rows.all()).slice(0, 5)) await expect(row).toContainText('kill-switch');
  await expect(page.locator('[role="switch"]:focus')).toHaveCount(1);
  // From there the keyboard alone starts a flip: Enter opens the guard with the reason focused.
  await page.keyboard.press('Enter');
  await expect(flags.rows.first().getByLabel('Reason for this flip')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('[role="switch"]:focus')).toHaveCount(1);
});

test('a viewer sees the switches disabled with the reason, cannot open the guard, and the core refuses a flip', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const flags = new FlagsPage(page);
  await flags.request('settings.update', { role: 'viewer' });
  await page.reload();
  await flags.find('suggestions kill', KILL_SWITCH);

  const toggle = flags.switch(KILL_SWITCH, 'production');
  await expect(toggle).toHaveAttribute('aria-disabled', 'true');
  await expect(toggle).toHaveAttribute('title', /viewer/);
  // Forced past Playwright's own "disabled" check: what a determined click does.
  await toggle.click({ force: true });
  await expect(flags.reason(KILL_SWITCH)).toHaveCount(0);

  const enabled = (await toggle.getAttribute('aria-checked')) === 'true';
  const setting = { enabled, audience: 'everyone', rolloutPercent: null };
  const answer = await flags.request('flags.flip', { key: KILL_SWITCH, environment: 'production', expected: setting, to: { ...setting, enabled: !enabled }, reason: 'a viewer trying' });
  expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  await expect(toggle).toHaveAttribute('aria-checked', String(enabled));
});
