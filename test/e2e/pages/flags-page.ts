import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The flag switchboard and its audit log, as a person on call uses them: type, click, reason, Enter. */
export class FlagsPage {
  readonly panel: Locator;
  readonly search: Locator;
  readonly count: Locator;
  readonly rows: Locator;
  readonly auditEntries: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Feature flags' });
    this.search = page.getByRole('searchbox', { name: 'Search flags' });
    this.count = page.getByTestId('flag-count');
    this.rows = page.getByTestId('flag-row');
    this.auditEntries = page.getByTestId('audit-entry');
  }

  row(key: string): Locator {
    return this.page.locator(`[data-testid="flag-row"][data-key="${key}"]`);
  }

  switch(key: string, environment: string): Locator {
    return this.row(key).locator(`[role="switch"][data-env="${environment}"]`);
  }

  reason(key: string): Locator {
    return this.row(key).getByLabel('Reason for this flip');
  }

  /** Types into the search the way a person does, one key at a time, until `key`'s row is in view. */
  async find(text: string, key: string): Promise<Locator> {
    // `/` is heard once the switchboard's key handler is attached, just after its first paint: a
    // press right after a reload can come before that, so it is pressed again until it lands.
    await expect(async () => {
      if (!(await this.search.evaluate((search) => search === document.activeElement))) await this.page.locator('body').press('/');
      await expect(this.search).toBeFocused({ timeout: 1_000 });
    }).toPass();
    await this.page.keyboard.type(text, { delay: 20 });
    await expect(this.row(key)).toBeVisible();
    return this.row(key);
  }

  /** The whole cost of a flip: click the switch, type the reason, Enter. */
  async flip(key: string, environment: string, reason: string): Promise<void> {
    await this.switch(key, environment).click();
    await this.page.keyboard.type(reason);
    await this.page.keyboard.press('Enter');
  }

  async openAuditLog(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Audit log' }).click();
  }

  async openSwitches(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Switches' }).click();
  }

  auditEntry(key: string): Locator {
    return this.page.locator(`[data-testid="audit-entry"][data-key="${key}"]`);
  }

  /** A request as the page itself would send it (same origin, its session cookie): for setting up a test, never for the step under test. */
  async request(name: string, input: unknown): Promise<unknown> {
    return this.page.evaluate(
      async ([n, i]) => (await fetch('/api/request', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: n, input: i }) })).json(),
      [name, input] as const,
    );
  }
}
