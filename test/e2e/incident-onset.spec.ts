import type { Locator } from '@playwright/test';

import { expect, test } from './fixtures';
import { IncidentPage, TAX_FLAG } from './pages/incident-page';

// "What changed?" starts from where the anomaly started: the drill's spike clicked early, late,
// on its peak, on the panel of every service and on checkout's own, always gives the flag ramped
// just before it, with the lever to turn it off; a click before the spike gives no lever at all,
// and re-enabling the flag the drill turned off an hour earlier is never offered.

test.describe.configure({ timeout: 90_000 });

/** Where the spike is clicked: from its first bucket (the ramp) to now, as a share of the way. */
const ACROSS_THE_SPIKE = [0, 0.04, 0.15, 0.3, 0.5, 0.7, 0.9, 0.98];
/** Before it: between the deploy and the ramp (it did no harm), and up to ten minutes back. */
const BEFORE_THE_SPIKE_MS = [15_000, 40_000, 90_000, 3 * 60_000, 6 * 60_000, 10 * 60_000];

async function openDrillAt(incident: IncidentPage, dashboard: 'production' | 'checkout') {
  await incident.page.evaluate((id) => (window.location.hash = `#/d/${id}?range=15m`), dashboard);
}

test('a click anywhere in the drill’s spike finds where it started and the same suspect; before it, no lever', async ({ ops, page }) => {
  const incident = new IncidentPage(ops);
  await ops.open();
  await ops.waitUntilLoaded();
  // Fifteen minutes wide: the spike is a couple of minutes, some sixty pixels to click along.
  await openDrillAt(incident, 'production');
  await incident.pane.getByRole('button', { name: 'Run incident drill' }).click();
  await incident.waitForSpike();
  const { rampAt } = await incident.drillTimes();
  const reEnable = page.getByRole('button', { name: /^Turn on in/ });
  const checkoutPanel = ops.charts.and(page.locator('[aria-label="Checkout error rate"]'));

  const onsets = new Set<string>();
  const expectSuspectFrom = async (panel: Locator, fraction: number) => {
    const { until } = await incident.axis(panel);
    await incident.clickAt(panel, rampAt + fraction * (until - rampAt));
    const what = `a click ${fraction} of the way across the spike`;
    await expect(incident.suspect, what).toHaveAttribute('data-flag', TAX_FLAG);
    await expect(incident.suspect, what).toHaveAttribute('data-lever', 'off');
    await expect(incident.suspect.getByRole('button', { name: 'Turn off in production' })).toBeVisible();
    const onset = Number(await incident.anomalyNote.getAttribute('data-onset'));
    // The ramp's own bucket: labelled at or before it, ending after it.
    expect(onset, what).toBeLessThanOrEqual(rampAt);
    expect(onset, what).toBeGreaterThan(rampAt - 10_000);
    await expect(panel.getByTestId('anomaly-onset')).toHaveAttribute('data-at', String(onset));
    onsets.add(String(onset));
    expect(await reEnable.count()).toBe(0);
  };
  const expectNoLeverFrom = async (panel: Locator, before: number) => {
    await incident.clickAt(panel, rampAt - before);
    const what = `a click ${before / 1000} s before the ramp`;
    await expect(incident.anomalyNote, what).toHaveAttribute('data-onset', '');
    await expect(incident.anomalyNote, what).toContainText('No anomaly');
    await expect(page.getByTestId('suspect-flag').or(page.getByTestId('suspect-deploy')), what).toHaveCount(0);
    await expect(page.locator('[data-suspect-action]')).toHaveCount(0);
    // The changes nearest the moment are still listed.
    await expect(page.getByRole('complementary', { name: 'What changed?' }).getByTestId('marker-list-item').first()).toBeVisible();
    expect(await reEnable.count()).toBe(0);
  };

  for (const fraction of ACROSS_THE_SPIKE) await expectSuspectFrom(incident.errorRate, fraction);
  // Checkout's own panel: the drill made checkout quiet for the hour before, so before the spike there is nothing to find.
  await openDrillAt(incident, 'checkout');
  for (const fraction of ACROSS_THE_SPIKE) await expectSuspectFrom(checkoutPanel, fraction);
  for (const before of BEFORE_THE_SPIKE_MS) await expectNoLeverFrom(checkoutPanel, before);
  expect([...onsets]).toHaveLength(1);
  expect(ops.consoleErrors).toEqual([]);
});

test('on a 1366×700 laptop window, a click on the spike shows the graph, the suspect with its lever and that minute’s logs at once; Escape returns', async ({ ops, page }) => {
  const incident = new IncidentPage(ops);
  await page.setViewportSize({ width: 1366, height: 700 });
  await ops.open();
  await ops.waitUntilLoaded();
  await incident.pane.getByRole('button', { name: 'Run incident drill' }).click();
  await incident.waitForSpike();
  await incident.clickSpike();
  const workspace = page.getByTestId('workspace');
  await expect(workspace).toHaveAttribute('data-layout', 'incident');
  const cursorAt = Number(await page.getByTestId('time-cursor-badge').getAttribute('data-at'));

  const lever = incident.suspect.getByRole('button', { name: 'Turn off in production' });
  // The logs of the series clicked (checkout's, on the panel of every service), opened at the moment clicked.
  const around = page.getByTestId('log-around');
  await expect(around).toHaveAttribute('data-service', 'checkout');
  await expect(around).toHaveAttribute('data-at', String(cursorAt));
  await expect(ops.logLines.first()).toBeVisible();

  const inView = async (what: string, locator: Locator) => {
    await expect(locator, what).toBeInViewport({ ratio: 1 });
    const box = (await locator.boundingBox())!;
    expect(box.y + box.height, `${what} ends above the window's bottom`).toBeLessThanOrEqual(700);
    expect(box.x + box.width, `${what} ends left of the window's right edge`).toBeLessThanOrEqual(1366);
  };
  await inView('the graph with the spike', incident.errorRate.locator('.chart'));
  await inView('the onset on it', incident.errorRate.getByTestId('anomaly-onset'));
  await inView('the suspect', incident.suspect);
  await inView('its lever', lever);
  // That minute's lines: several of them, each within a minute of the moment clicked, on screen.
  const visibleLines = await ops.logLines.evaluateAll((rows, at) => {
    const inMinute = rows.filter((row) => Math.abs(Number(row.getAttribute('data-at')) - at) <= 60_000);
    return inMinute.filter((row) => {
      const box = row.getBoundingClientRect();
      return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    }).length;
  }, cursorAt);
  expect(visibleLines).toBeGreaterThanOrEqual(5);
  expect(await page.evaluate(() => document.scrollingElement!.scrollTop + (document.querySelector('.workspace')?.scrollTop ?? 0))).toBe(0);

  // Escape returns to the overview, with the cursor kept; a second one clears the cursor.
  await page.keyboard.press('Escape');
  await expect(workspace).toHaveAttribute('data-layout', 'overview');
  await expect(ops.charts.first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Feature flags' })).toBeVisible();
  await expect(page.getByTestId('time-cursor-badge')).toHaveAttribute('data-at', String(cursorAt));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('time-cursor-badge')).toBeHidden();
  expect(ops.consoleErrors).toEqual([]);
});
