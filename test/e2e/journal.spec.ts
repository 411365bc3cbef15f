// The console pointed at a real central journal: systemd-journal-remote takes three hosts'
// entries (as systemd-journal-upload sends them) and systemd-journal-gatewayd serves them
// (test/integration/backends/journal-private.mjs). Each host shows up as a source of its own and
// their lines are merged by time in the viewer, live.
import { expect, test } from './fixtures';
import { startHost } from './host';
import type { RunningHost } from './host';
import { ConsolePage } from './pages/console-page';
import { LogsPage } from './pages/logs-page';
import { exportEntry, startCentralJournal } from '../integration/backends/journal-private.mjs';
import type { CentralJournal } from '../integration/backends/journal-private.mjs';

let journal: CentralJournal | undefined;
let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  await journal?.stop();
  host = journal = undefined;
});

const HOSTS = ['web-1', 'web-2', 'web-3'];

test('a central journal’s hosts are sources of their own, merged by time in the viewer, and follow live', async ({ page }) => {
  test.setTimeout(90_000);
  journal = await startCentralJournal();
  // Three hosts taking turns, a second apart, so the merge by time interleaves them; seq 5 failed.
  const start = (Date.now() - 60_000) * 1000;
  const entry = (seq: number) =>
    exportEntry({
      host: HOSTS[seq % 3]!,
      unit: 'checkout.service',
      identifier: 'checkout',
      priority: seq === 5 ? 3 : 6,
      micros: start + seq * 1_000_000,
      message: seq === 5 ? `seq=${seq} payment provider timed out` : `seq=${seq} order placed`,
    });
  await journal.upload(Array.from({ length: 12 }, (_, i) => entry(i + 1)));
  await journal.upload([exportEntry({ host: 'web-1', unit: 'cron.service', micros: start + 500_000, message: 'not checkout' })]);

  host = await startHost({
    config: `
logs:
  - { id: central, type: journal-gateway, url: '${journal.gatewayUrl}', service: checkout, units: [checkout.service] }
`,
  });
  const ops = new ConsolePage(page, host);
  await ops.open();
  const logs = new LogsPage(page);
  const seqs = async () => (await logs.texts()).map((text) => Number(/seq=(\d+)/.exec(text)?.[1]));

  // Every host picked (the service's sources), their lines in time order, each from its own host.
  await expect.poll(seqs, { timeout: 30_000 }).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  await expect(logs.sourcePicker).toHaveText('3 of 3 sources');
  const sources = await logs.lines.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-source')));
  expect(sources).toEqual(Array.from({ length: 12 }, (_, i) => `central@${HOSTS[(i + 1) % 3]}`));
  await expect(logs.lines.first().locator('.log-source')).toHaveText('web-2 · checkout.service');
  // The level is the journal's PRIORITY.
  const failed = logs.lines.filter({ hasText: 'seq=5 ' });
  await expect(failed).toHaveClass(/level-error/);
  await expect(failed.locator('.log-source')).toHaveText('web-3 · checkout.service');
  await expect(logs.lines.filter({ hasText: 'seq=4 ' })).toHaveClass(/level-info/);

  // New entries arrive live, merged in place; a fourth host appears as a source of its own.
  await journal.upload([entry(13), entry(14), exportEntry({ host: 'web-4', unit: 'checkout.service', priority: 4, micros: start + 14_500_000, message: 'seq=15 slow' })]);
  await expect.poll(seqs, { timeout: 30_000 }).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  await expect(logs.sourcePicker).toHaveText('4 of 4 sources');
  await expect(logs.lines.last().locator('.log-source')).toHaveText('web-4 · checkout.service');
  await expect(logs.lines.last()).toHaveClass(/level-warn/);
  const keys = await logs.lineKeys();
  expect(new Set(keys).size).toBe(keys.length);
});
