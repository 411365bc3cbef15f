import { startHost } from './host';
import type { RunningHost } from './host';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console-page';

// Port 9 (discard) has nothing listening here: every backend below is down.
const deadBackends = `
graphite:
  - { id: graphite, name: Graphite (prod), url: 'http://127.0.0.1:9' }
deploys:
  - { id: deploys, type: graphite-events, graphite: graphite }
flags:
  - { id: unleash, name: Unleash (prod), type: unleash, url: 'http://127.0.0.1:9', tokenSecret: unleash.token }
logs:
  - { id: web-1-app, type: http, url: 'http://127.0.0.1:9/logs/app.log', host: web-1, service: web }
dashboards:
  - id: web
    title: Web
    panels:
      - { title: Requests, targets: ['sumSeries(web.*.requests)'] }
      - { title: Errors, targets: ['sumSeries(web.*.errors)'] }
      - { title: Latency, targets: ['web.*.latency.p95'] }
`;

let custom: RunningHost | undefined;
test.afterEach(async () => {
  await custom?.stop();
  custom = undefined;
});

test('with every configured backend down, the app starts and each panel says which backend failed and why', async ({ page }) => {
  custom = await startHost({ config: deadBackends });
  const ops = new ConsolePage(page, custom);
  await ops.open();
  await expect(page.getByTestId('chart-panel')).toHaveCount(3);
  // Graphite is down: every chart says so, naming it and the reason.
  await expect(page.getByTestId('stale-notice').filter({ hasText: 'Graphite (prod)' }).first()).toContainText('refused the connection');
  // The flag service has no token yet: it says which secret to set, where.
  await expect(page.getByText(/Unleash \(prod\) needs the secret "unleash\.token"/).first()).toBeVisible();
  const chips = page.getByTestId('backend-status');
  await expect.poll(async () => (await chips.evaluateAll((all) => all.map((c) => (c as HTMLElement).dataset.state))).filter((s) => s === 'down').length).toBeGreaterThanOrEqual(3);
  await expect(chips.filter({ hasText: 'web-1-app' }).or(chips.filter({ hasText: 'web-1' })).first()).toHaveAttribute('title', /refused the connection/);
  expect(ops.consoleErrors).toEqual([]);
});

test('a broken config file is explained in one paragraph, on the terminal and in the app, and the rest of it is used', async ({ page }) => {
  custom = await startHost({ config: deadBackends.replace("url: 'http://127.0.0.1:9' }", "urll: 'http://127.0.0.1:9' }") });
  // The misspelt key leaves `url` missing and adds an unknown field: both named, with the line and
  // what was done; then the deploy source that named that Graphite.
  const paragraph =
    /Part of the config file .*config\.yaml was not used: line 3, graphite\[0\]\.url: missing \(expected string\) \(left out\); line 3, graphite\[0\]\.urll: unknown field \(ignored\); line 5, deploys\[0\]\.graphite: names no graphite backend "graphite"/;
  expect(custom.stderr()).toMatch(paragraph);
  const ops = new ConsolePage(page, custom);
  await ops.open();
  await expect(page.getByText(paragraph)).toBeVisible();
  // The flag service and the log source in the same file are in use.
  await expect(page.getByText(/Unleash \(prod\) needs the secret "unleash\.token"/).first()).toBeVisible();
});
