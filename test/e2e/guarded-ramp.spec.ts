import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { startHost } from './host';
import { ConsolePage } from './pages/console-page';
import { IncidentPage } from './pages/incident-page';

// A guarded ramp of the demo's release search.autocomplete-v2, started from the flags panel as a
// new user would: it goes 1 → 5 → 25 % and stops itself at 25 %, where search's error rate goes
// past its threshold, setting the release back to 5 %. It runs in the host's core, so a restart of
// the host shows it paused.

const RELEASE = 'search.autocomplete-v2';
const REASON = 'REL-88 autocomplete v2 to everyone';

async function startRamp(page: Page, hold: string) {
  await page.getByRole('group', { name: 'Flags view' }).getByRole('button', { name: 'Guarded ramps' }).click();
  const form = page.getByTestId('ramp-form');
  await form.getByLabel('Flag').fill(RELEASE);
  await expect(form.getByText(`now off`)).toBeVisible();
  // By default, the flag's service's series with their thresholds.
  await expect(form.getByRole('checkbox', { name: 'Error rate · search' })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: 'Latency p95 · search' })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: 'Error rate · checkout' })).not.toBeChecked();
  await form.getByLabel('each held').selectOption({ label: hold });
  await form.getByLabel('Why').fill(REASON);
  await form.getByLabel('Why').press('Enter');
  const card = page.getByTestId('ramp').filter({ hasText: RELEASE }).first();
  await expect(card).toHaveAttribute('data-state', 'running');
  await expect(card).toHaveAttribute('data-step', '0');
  return card;
}

test('the demo release’s guarded ramp stops itself at 25 % and sets it back to 5 %; each step is a marker in the incident’s timeline', async ({ ops, page }) => {
  test.setTimeout(180_000);
  const incident = new IncidentPage(ops);
  await ops.open();
  await ops.waitUntilLoaded();
  await incident.pane.getByLabel('Incident name').fill('Autocomplete v2 ramp');
  await incident.pane.getByRole('button', { name: 'Start incident' }).click();

  const card = await startRamp(page, '15 s');
  // 1 % and 5 % hold their 15 s under the thresholds; 25 % lifts search's errors past 2 %.
  await expect(card, 'the ramp stops itself').toHaveAttribute('data-state', 'stopped', { timeout: 150_000 });
  await expect(card).toHaveAttribute('data-step', '2');
  await expect(card.getByTestId('ramp-status')).toContainText(/^Stopped at 25 %: Error rate · search [\d.]+ %, above 2\.00 %, at .*Set back to on for 5 % of users, as the flag service confirmed\./);

  // What the flag service holds now, as the switchboard reads it.
  await page.getByRole('group', { name: 'Flags view' }).getByRole('button', { name: 'Switches' }).click();
  await ops.flagSearch.fill(RELEASE);
  await expect(ops.flagSwitch(RELEASE, 'production')).toContainText('5 %');
  // Every step on the graphs, saying what it is and who runs it; and in the open incident's timeline.
  await expect(ops.flipMarker('guarded ramp step 3 of 5 (1 → 5 → 25 → 50 → 100 %), run by').first()).toBeAttached();
  const flips = incident.timelineRows.and(page.locator('[data-kind="flip"]'));
  await expect(flips.filter({ hasText: 'guarded ramp step 1 of 5' })).toHaveCount(1);
  await expect(flips.filter({ hasText: 'guarded ramp step 3 of 5' })).toHaveCount(1);
  await expect(flips.filter({ hasText: 'guarded ramp stopped at 25 %' })).toHaveCount(1);
  await page.getByRole('group', { name: 'Flags view' }).getByRole('button', { name: 'Audit log' }).click();
  await expect(page.getByTestId('audit-entry').and(page.locator(`[data-key="${RELEASE}"][data-outcome="confirmed"]`))).toHaveCount(4);
  expect(ops.consoleErrors).toEqual([]);
});

test('a ramp runs in the host: after the host restarts it shows paused and does not resume by itself', async ({ page }) => {
  test.setTimeout(90_000);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-console-e2e-ramp-'));
  try {
    const first = await startHost({ stateDir });
    const ops = new ConsolePage(page, first);
    await ops.open();
    await ops.waitUntilLoaded();
    const card = await startRamp(page, '10 min');
    await expect(card.getByTestId('ramp-status')).toContainText(/run by|Step 1 of 5|Holding 1 %/);
    await first.stop();

    const second = await startHost({ stateDir });
    try {
      const again = new ConsolePage(page, second);
      await again.open();
      await page.getByRole('group', { name: 'Flags view' }).getByRole('button', { name: 'Guarded ramps' }).click();
      const paused = page.getByTestId('ramp').filter({ hasText: RELEASE }).first();
      await expect(paused).toHaveAttribute('data-state', 'paused');
      await expect(paused.getByTestId('ramp-status')).toContainText(/^Paused: the console that ran it \(the browser-mode host on .*\) stopped.*It does not resume by itself/);
      await expect(paused.getByRole('button', { name: 'Resume' })).toBeVisible();
      // This demo world started afresh, the release off: resuming finds it changed and writes nothing.
      await paused.getByRole('button', { name: 'Resume' }).click();
      await expect(paused).toHaveAttribute('data-state', 'stopped');
      await expect(paused.getByTestId('ramp-status')).toContainText(/^Not resumed: search\.autocomplete-v2 is now off in production.*Nothing was written\./);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
