// A real Unleash 8.2.0 refusing, as a person sees it: an operator's console holding a Viewer's
// personal access token says "Not flipped" with the permission it lacks, the switch stays where
// it was, the audit says refused, and the Unleash chip stays ok; a token Unleash does not know
// shows on the chip as credentials refused.
import { startHost } from './host';
import type { RunningHost } from './host';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { FlagsPage } from './pages/flags-page';
import { FEATURES, mintViewerToken, startRealUnleash } from '../integration/support/real-unleash';
import type { RealUnleash } from '../integration/support/real-unleash';

const KEY = 'checkout.viewer-refusal';

let unleash: RealUnleash | undefined;
const hosts: RunningHost[] = [];
test.afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await unleash?.dispose();
  unleash = undefined;
});

const configFor = (url: string) => `
role: operator
flags:
  - { id: unleash, name: Unleash (real), type: unleash, url: '${url}', tokenSecret: unleash.token, project: default }
`;

test("a Viewer's token: the flip is refused naming the permission, the switch stays, the chip stays ok; a wrong token shows as credentials refused", async ({ page }) => {
  test.setTimeout(240_000);
  unleash = await startRealUnleash();
  await unleash.seed([{ name: KEY, type: 'kill-switch', description: 'Looked at by a viewer', environments: { development: { enabled: false }, production: { enabled: true } } }]);
  const token = await mintViewerToken(unleash, `viewer-e2e-${process.pid}@example.com`);

  const host = await startHost({ config: configFor(unleash.url), env: { OPS_CONSOLE_SECRET_UNLEASH_TOKEN: token } });
  hosts.push(host);
  const ops = new ConsolePage(page, host);
  await ops.open();
  const flags = new FlagsPage(page);
  await flags.find('viewer-refusal', KEY);
  const toggle = flags.switch(KEY, 'production');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');

  await flags.flip(KEY, 'production', 'INC-7 checkout errors');
  const problem = flags.row(KEY).getByTestId('flip-problem');
  await expect(problem).toHaveAttribute('data-code', 'forbidden');
  await expect(problem.getByRole('alert')).toHaveText(
    `Not flipped in production: Unleash (real) at ${unleash.url} lets this token read flags but not flip "${KEY}" in production (403, it lacks UPDATE_FEATURE_ENVIRONMENT): ` +
      'use the personal access token of an Editor or an admin token in Settings. Nothing was changed.',
  );
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  const chip = page.locator('[data-testid="backend-status"][data-kind="flags"]');
  await expect(chip).toHaveAttribute('data-state', 'ok');
  await expect(chip).toHaveText('Unleash (real)');
  expect(((await (await unleash.admin('GET', `${FEATURES}/${KEY}/environments/production`)).json()) as { enabled: boolean }).enabled).toBe(true);
  await flags.openAuditLog();
  await expect(flags.auditEntry(KEY).first()).toHaveAttribute('data-outcome', 'refused');

  // A token Unleash does not know: nothing can be read, and the chip says why rather than "down".
  const wrong = await startHost({ config: configFor(unleash.url), env: { OPS_CONSOLE_SECRET_UNLEASH_TOKEN: '*:*.not-the-token' } });
  hosts.push(wrong);
  const other = await page.context().newPage();
  await other.goto(wrong.url);
  const refusedChip = other.locator('[data-testid="backend-status"][data-kind="flags"]');
  await expect(refusedChip).toHaveAttribute('data-state', 'credentials_refused');
  await expect(refusedChip).toHaveText('Unleash (real) · credentials refused');
  await expect(refusedChip).toHaveAttribute('title', /CREDENTIALS REFUSED: Unleash \(real\) at .* refused our credentials \(401\)/);
  expect(ops.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
