// The log viewer on a fleet of real log hosts: private Debian sshds on loopback (sshd's default
// limits, the forced-command wrapper), read by the browser-mode host as a person configures it.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startPrivateSshd } from '../integration/backends/sshd-private.mjs';
import type { PrivateSshd } from '../integration/backends/sshd-private.mjs';
import { expect, test } from './fixtures';
import { startHost } from './host';
import type { RunningHost } from './host';
import { LogsPage } from './pages/logs-page';

let keyDir: string;
let clientKey: string;
let sshds: PrivateSshd[] = [];
let host: RunningHost | null = null;

test.beforeAll(async () => {
  keyDir = mkdtempSync(path.join(os.tmpdir(), 'ops-e2e-fleet-'));
  clientKey = path.join(keyDir, 'client');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e2e-fleet', '-f', clientKey]);
  const clientPub = readFileSync(`${clientKey}.pub`, 'utf8').trim();
  sshds = await Promise.all(Array.from({ length: 4 }, () => startPrivateSshd({ extraPublicKeys: [clientPub] })));
});
test.afterEach(async () => {
  await host?.stop();
  host = null;
});
test.afterAll(async () => {
  await Promise.all(sshds.map((sshd) => sshd.stop()));
  for (const dir of [keyDir, ...sshds.map((sshd) => sshd.dir)]) rmSync(dir, { recursive: true, force: true });
});

interface FleetLog {
  /** Which of the sshds (web-1 is sshds[0]). */
  on: number;
  file: string;
}

/** The host with these SSH logs of service `web` in its config file; their hosts' keys trusted unless `trusted: false`. */
async function startFleetHost(logs: FleetLog[], { trusted = true } = {}): Promise<RunningHost> {
  const config = {
    logs: logs.map(({ on, file }) => ({
      id: `web-${on + 1}-${file}`, type: 'ssh', host: `web-${on + 1}`, service: 'web', file,
      address: '127.0.0.1', port: sshds[on]!.port, username: sshds[on]!.username, auth: { type: 'key', keySecret: 'fleet.key' },
    })),
  };
  const knownHosts = sshds.map((sshd) => `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`).join('');
  host = await startHost({
    config: JSON.stringify(config),
    stateFiles: trusted ? { known_hosts: knownHosts } : {},
    env: { OPS_CONSOLE_SECRET_FLEET_KEY: readFileSync(clientKey, 'utf8') },
  });
  return host;
}

/** Appends lines to `<file>.log` on web-(on+1), as the application there would. */
function append(on: number, file: string, ...lines: string[]) {
  appendFileSync(path.join(sshds[on]!.logs, `${file}.log`), lines.map((line) => `${line}\n`).join(''));
}

test('four hosts are summed up in one line; one that goes away says since when, and comes back by itself', async ({ page }) => {
  for (const on of [0, 1, 2, 3]) append(on, 'app', `${new Date().toISOString()} INFO web-${on + 1} started`);
  const running = await startFleetHost([0, 1, 2, 3].map((on) => ({ on, file: 'app' })));
  await page.goto(running.url);
  const logs = new LogsPage(page);
  await expect(logs.sourcesSummary).toHaveText('4 live');
  await expect(logs.lines).toHaveCount(4);
  await expect(logs.sourceStatuses).toHaveCount(0); // not a row each

  const away = sshds[2]!;
  await away.stop();
  await expect(logs.sourcesSummary).toHaveText(/^3 live, 1 reconnecting since \d\d:\d\d:\d\d$/);
  await logs.panel.getByText('Which one').click();
  await expect(logs.sourceStatuses).toHaveText([/^web-3 · app\.log.*reconnecting since/]);

  sshds[2] = await startPrivateSshd({ dir: away.dir, hostKey: away.hostKeyFile, port: away.port, extraPublicKeys: [readFileSync(`${clientKey}.pub`, 'utf8').trim()] });
  // It retries by itself, with a backoff that has grown to a few seconds while the host was away.
  await expect(logs.sourcesSummary).toHaveText('4 live', { timeout: 30_000 });
  append(2, 'app', `${new Date().toISOString()} INFO web-3 is back`);
  await expect(logs.lines.filter({ hasText: 'web-3 is back' })).toHaveCount(1);
});

test('a line more than a second older than one of another host already drawn is put at its time and counted late; a burst within the second is not', async ({ page }) => {
  for (const on of [0, 1, 2]) writeFileSync(path.join(sshds[on]!.logs, 'late.log'), '');
  const running = await startFleetHost([0, 1, 2].map((on) => ({ on, file: 'late' })));
  await page.goto(running.url);
  const logs = new LogsPage(page);
  await expect(logs.sourceStatuses).toHaveCount(0);
  await expect(logs.panel.getByText('No lines yet.')).toBeVisible();
  const now = Date.now();
  append(0, 'late', `${new Date(now).toISOString()} INFO newest from web-1`);
  await expect(logs.lines).toHaveCount(1);
  // web-2's line is half a second older, as tail's next poll there brings it: merged, not late.
  append(1, 'late', `${new Date(now - 500).toISOString()} INFO burst from web-2`);
  await expect(logs.lines).toHaveCount(2);
  await expect(logs.late).toHaveCount(0);
  // web-3's line is 3 s older, and comes after both were drawn.
  append(2, 'late', `${new Date(now - 3_000).toISOString()} INFO older from web-3`);
  await expect(logs.late).toHaveText('1 line came over 1 s late and was put at its time, up to 3 s behind the newest line shown');
  expect(await logs.texts()).toEqual([expect.stringContaining('older from web-3'), expect.stringContaining('burst from web-2'), expect.stringContaining('newest from web-1')]);
});

test('three logs on one host with an unknown key: one prompt, one Accept, and known_hosts gets the key once', async ({ page }) => {
  for (const file of ['a', 'b', 'c']) append(3, file, `${new Date().toISOString()} INFO ${file} here`);
  const running = await startFleetHost(['a', 'b', 'c'].map((file) => ({ on: 3, file })), { trusted: false });
  await page.goto(running.url);
  const logs = new LogsPage(page);
  const prompt = logs.sourceStatuses;
  await expect(prompt).toHaveCount(1);
  await expect(prompt).toContainText('web-4 · a.log and 2 more there');
  await expect(prompt.locator('code')).toHaveText(sshds[3]!.fingerprint);
  await prompt.getByRole('button', { name: 'Accept host key' }).click();
  await expect(logs.lines).toHaveCount(3);
  await expect(logs.sourceStatuses).toHaveCount(0);
  const lines = readFileSync(path.join(running.stateDir, 'known_hosts'), 'utf8').trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshds[3]!.port} ssh-ed25519 `))]);
});

test('a log that is not on its host says so, and shows its lines once it appears', async ({ page }) => {
  const running = await startFleetHost([{ on: 0, file: 'appears' }]);
  await page.goto(running.url);
  const logs = new LogsPage(page);
  await expect(logs.sourceStatuses).toContainText("There is no appears.log on web-1 (its log directory lists none): check the log's name.");
  append(0, 'appears', `${new Date().toISOString()} INFO here at last`);
  await expect(logs.lines.filter({ hasText: 'here at last' })).toHaveCount(1);
  await expect(logs.sourceStatuses).toHaveCount(0);
});
