import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect, test } from './fixtures';
import { IncidentPage } from './pages/incident-page';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Every run checks the picture can be taken; only `npm run screenshot` replaces the README's copy,
// so a test run leaves the working tree clean.
const target = (name: string) => (process.env.OPS_CONSOLE_UPDATE_SCREENSHOT === '1' ? `docs/${name}` : `test-results/${name}`);

test('screenshot of the loaded console at 1440x900 for docs/screenshot.png', async ({ ops, page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await ops.open();
  await ops.waitUntilLoaded();
  await ops.waitUntilAllBackendsOk();
  // A flip, so the picture shows both kinds of marker.
  const key = await ops.findFlagThatIsOff('production');
  await ops.startFlip(key, 'production', 'INC-4411 search overload');
  await ops.reasonField(key).press('Enter');
  await expect(ops.flipMarker(`${key} off → on`).first()).toBeAttached();
  await ops.flagSearch.fill('');
  await expect.poll(() => ops.logLines.count()).toBeGreaterThan(25);
  // Hover a point on the plot so the crosshair (on every panel) and its tooltip are in the picture.
  const first = ops.charts.first();
  await first.locator('.chart-hit-layer').hover({ position: { x: 420, y: 90 } });
  await expect(first.locator('.chart-tooltip')).toBeVisible();
  await page.screenshot({ path: path.join(root, target('screenshot.png')) });
});

test('screenshot of the incident drill at 1440x900 for docs/screenshot-drill.png', async ({ ops, page }) => {
  const incident = new IncidentPage(ops);
  await page.setViewportSize({ width: 1440, height: 900 });
  await ops.open();
  await ops.waitUntilLoaded();
  await ops.waitUntilAllBackendsOk();
  await incident.pane.getByRole('button', { name: 'Run incident drill' }).click();
  await incident.waitForSpike();
  // An incident with its lead-up in the timeline, then the spike pointed at: the suspect flag offered beside it.
  await incident.pane.getByLabel('Incident name').fill('Checkout errors after the tax engine ramp');
  await incident.pane.getByRole('button', { name: 'Start incident' }).click();
  await expect(incident.timelineRows.and(page.locator('[data-kind="flip"]'))).toBeVisible();
  await incident.clickSpike();
  await expect(incident.suspect).toBeVisible();
  await incident.suspect.getByRole('button', { name: 'Turn off in production' }).hover();
  await page.screenshot({ path: path.join(root, target('screenshot-drill.png')) });
});

test('screenshot of the incident layout on a 1366×700 laptop window for docs/screenshot-laptop.png', async ({ ops, page }) => {
  const incident = new IncidentPage(ops);
  // A 1366×768 laptop screen less the browser's or the window's chrome.
  await page.setViewportSize({ width: 1366, height: 700 });
  await ops.open();
  await ops.waitUntilLoaded();
  await ops.waitUntilAllBackendsOk();
  await page.evaluate(() => (window.location.hash = '#/d/production?range=30m'));
  await incident.pane.getByRole('button', { name: 'Run incident drill' }).click();
  await incident.waitForSpike();
  await incident.clickSpike();
  await expect(page.getByTestId('workspace')).toHaveAttribute('data-layout', 'incident');
  const lever = incident.suspect.getByRole('button', { name: 'Turn off in production' });
  await expect(lever).toBeInViewport();
  await expect(page.getByTestId('log-around')).toHaveAttribute('data-service', 'checkout');
  await expect(ops.logLines.first()).toBeVisible();
  await lever.hover();
  await page.screenshot({ path: path.join(root, target('screenshot-laptop.png')) });
});
