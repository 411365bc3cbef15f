import { appendFileSync } from 'node:fs';

import type { Locator } from '@playwright/test';

import { expect, test } from './fixtures';
import { IncidentPage, linesOf, RAMP, TAX_FLAG, TURNED_OFF } from './pages/incident-page';

// The incident drill in the demo world, worked from the spike to the post-mortem: once with the
// mouse (at most three actions from the spike to the flag off in production), once without it.

const REASON = 'INC-7 checkout errors since the tax engine ramp';

// A recovery shows in the next 10 s point after the flip, and the watch reads it every 5 s.
test.describe.configure({ timeout: 120_000 });

/** `npm run bench` (test/bench/incident-bench.mjs) reads how long the interaction took from here. */
function recordTiming(name: string, ms: number) {
  const file = process.env.OPS_INCIDENT_BENCH_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ name, ms })}\n`);
}

/** The recovery is in the timeline, then the export has the deploy, the flip with its reason and the recovery, in that order. */
async function expectTimelineInOrder(incident: IncidentPage, markdown: string) {
  const [deploy, ramp, breach, flip, recovery] = linesOf(
    markdown,
    /▲ Deploy: checkout: move tax calculation behind a flag/,
    new RegExp(`◆ Flip: flag ${RAMP}`),
    /! Threshold breached: Error rate: checkout [\d.]+ %, above 2\.00 %/,
    new RegExp(`◆ Flip: flag ${TURNED_OFF}: ${REASON}`),
    /✓ Recovery: after checkout\.new-tax-engine in production: .*−\d+ %/,
  );
  expect(deploy, markdown).toBeGreaterThan(0);
  expect(ramp).toBeGreaterThan(deploy!);
  expect(breach).toBeGreaterThan(ramp!);
  expect(flip).toBeGreaterThan(breach!);
  expect(recovery).toBeGreaterThan(flip!);
  expect(incident.page.url()).toContain('#');
}

test('from the spike to the flag off in production in three actions; the graph recovers; the export tells it in order', async ({ ops, page }) => {
  const incident = new IncidentPage(ops);
  await ops.open();
  await ops.waitUntilLoaded();
  await incident.pane.getByRole('button', { name: 'Run incident drill' }).click();
  await incident.waitForSpike();
  const spikeVisible = Date.now();

  // 1: click the spike. The cursor lands in it, and "What changed?" offers the flag ramped just before.
  await incident.clickSpike();
  const cursorAt = Number(await page.getByTestId('time-cursor-badge').getAttribute('data-at'));
  const drill = await incident.drillTimes();
  expect(cursorAt).toBeGreaterThan(drill.rampAt);
  await expect(incident.suspect).toHaveAttribute('data-flag', TAX_FLAG);
  await expect(incident.suspect).toContainText(`${TAX_FLAG} turned on in production by kastner@example.com`);
  // 2: the suspect's lever.
  await incident.suspect.getByRole('button', { name: 'Turn off in production' }).click();
  await expect(incident.guard).toContainText(/ON → OFF for everyone/);
  // 3: the reason, and Enter confirms.
  await incident.reason.fill(REASON);
  await incident.reason.press('Enter');
  await expect(incident.guard).toBeHidden();
  recordTiming('mouse', Date.now() - spikeVisible);

  // The graph recovers, with the flip marker on it.
  await expect(incident.flipOffMarker().first()).toBeAttached();
  const watch = incident.watches.filter({ hasText: TAX_FLAG });
  await expect(watch).toContainText(/Checkout error rate: .* → .* \(−\d+ %\)/, { timeout: 30_000 });
  expect(Number(await watch.getAttribute('data-change'))).toBeLessThan(-0.5);
  await expect(incident.checkoutErrorRate).not.toHaveAttribute('data-breach', 'high', { timeout: 30_000 });

  // An incident from the cursor: its export is the post-mortem's timeline.
  await incident.pane.getByLabel('Incident name').fill('Checkout errors after the tax engine ramp');
  await incident.pane.getByRole('button', { name: 'Start incident' }).click();
  await expect(incident.timelineRows.and(page.locator('[data-kind="start"]'))).toHaveAttribute('data-at', String(cursorAt));
  await expect(incident.timelineRows.and(page.locator('[data-kind="recovery"]'))).toBeVisible({ timeout: 15_000 });
  // A checkout error from the log viewer joins the timeline (the viewer's own line action): the
  // palette opens checkout-1's log at the time cursor, in the spike.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('logs checkout-1');
  await expect(page.getByTestId('palette-item').first()).toContainText('Logs: checkout-1');
  await page.keyboard.press('Enter');
  await page.getByLabel('Filter log lines').fill('checkout failed');
  // The live list may redraw under the pointer (new lines, the window moving): pick a line again until the click lands.
  await expect(async () => {
    const errorLine = ops.logLines.filter({ hasText: 'checkout failed' }).last();
    await errorLine.click({ timeout: 2_000 });
    await errorLine.getByRole('button', { name: 'Add to the incident timeline' }).click({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(incident.timelineRows.and(page.locator('[data-kind="log-line"]'))).toContainText('checkout failed');
  const markdown = await incident.exportedMarkdown();
  await expectTimelineInOrder(incident, markdown);
  expect(markdown).toMatch(/≡ Log: .*checkout failed/);
  expect(ops.consoleErrors).toEqual([]);
});

test('the same drill without the mouse: palette, t and arrows, Enter, a reason; focus is never lost', async ({ ops, page }) => {
  const incident = new IncidentPage(ops);
  await ops.open();
  await ops.waitUntilLoaded();
  const keys = page.keyboard;

  await keys.press('Control+k');
  await keys.type('incident drill');
  await keys.press('Enter');
  await incident.waitForSpike();
  const spikeVisible = Date.now();

  // `t` puts the cursor on the newest point, in the spike; Enter asks what changed, opens the
  // incident layout as a click would, and focuses the suspect's lever.
  await keys.press('t');
  await expect(page.getByTestId('cursor-mode')).toBeVisible();
  await keys.press('ArrowLeft');
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-layout', 'overview');
  await keys.press('Enter');
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-layout', 'incident');
  await expect(page.getByTestId('log-around')).toHaveAttribute('data-service', 'checkout');
  const lever = incident.suspect.getByRole('button', { name: 'Turn off in production' });
  await expect(lever).toBeFocused();
  await keys.press('Enter');
  await expect(incident.reason).toBeFocused();
  await keys.type(REASON);
  await keys.press('Enter');
  await expect(incident.guard).toBeHidden();
  recordTiming('keyboard', Date.now() - spikeVisible);
  // Focus went back to the lever it came from (or, if that is gone, the incident bar), never the page's body.
  expect(await page.evaluate(() => document.activeElement?.matches('[data-suspect-action], [data-focus-fallback]'))).toBe(true);

  await expect(incident.flipOffMarker().first()).toBeAttached();
  await expect(incident.watches.filter({ hasText: TAX_FLAG })).toContainText(/\(−\d+ %\)/, { timeout: 30_000 });

  await keys.press('Escape');
  await keys.press('i');
  await expect(incident.pane.getByLabel('Incident name')).toBeFocused();
  await keys.type('Checkout errors (keyboard drill)');
  await keys.press('Enter');
  await expect(incident.timelineRows.and(page.locator('[data-kind="recovery"]'))).toBeVisible({ timeout: 15_000 });

  await keys.press('Control+k');
  await keys.type('export timeline');
  await keys.press('Enter');
  const markdown = page.getByTestId('incident-markdown');
  await expect(markdown).toBeFocused();
  await expectTimelineInOrder(incident, await markdown.inputValue());
  await keys.press('Escape');
  await expect(markdown).toBeHidden();
  await expect(page.locator(':focus')).toHaveCount(1);
  await expect(page.locator('body')).not.toBeFocused();
  expect(ops.consoleErrors).toEqual([]);
});

/** The drill played on the production overview at `range` wide, its spike drawn. */
async function drillOver(incident: IncidentPage, range: string) {
  await incident.ops.open();
  await incident.ops.waitUntilLoaded();
  await incident.page.evaluate((r) => (window.location.hash = `#/d/production?range=${r}`), range);
  await incident.pane.getByRole('button', { name: 'Run incident drill' }).click();
  await incident.waitForSpike();
}

/** The ramp's marker menu: the inverse flip, pre-filled and guarded; Escape gives focus back to `tick`. */
async function expectInverseFlipOfRamp(incident: IncidentPage, tick: Locator) {
  await expect(incident.guard).toContainText(`${TAX_FLAG} in production`);
  await expect(incident.guard).toContainText(/ON → OFF/);
  await expect(incident.reason).toBeFocused();
  // Guarded: no reason, no flip.
  await expect(incident.guard.getByRole('button', { name: 'Turn OFF' })).toBeDisabled();
  await incident.reason.press('Escape');
  await expect(incident.guard).toBeHidden();
  await expect(tick).toBeFocused();
}

test('right-click on a flip marker offers the inverse flip, pre-filled and guarded', async ({ ops }) => {
  const incident = new IncidentPage(ops);
  // Fifteen minutes wide, so the ramp and the deploy 30 s before it are two ticks, not one "+2"
  // (another service's deploy may still land a few seconds from the ramp: then it is a row of a "+2").
  await drillOver(incident, '15m');
  await expectInverseFlipOfRamp(incident, await incident.flipMarkerMenu(incident.errorRate, RAMP));
});

test('a flip that shares a "+N" tick offers the same inverse flip on its row in the list', async ({ ops }) => {
  const incident = new IncidentPage(ops);
  // Six hours wide: the ramp and the deploy 30 s before it are a couple of pixels apart, one tick.
  await drillOver(incident, '6h');
  const cluster = incident.errorRate.locator(`[data-testid="marker-cluster"][aria-label*="${RAMP}"]`);
  await expect(cluster).toHaveCount(1);
  await incident.flipMarkerMenu(incident.errorRate, RAMP);
  await expectInverseFlipOfRamp(incident, cluster);
});
