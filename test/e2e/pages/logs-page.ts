import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** The logs panel as a person uses it: the tail, the filter, pause and the moment a graph points at. */
export class LogsPage {
  readonly panel: Locator;
  readonly lines: Locator;
  readonly gaps: Locator;
  readonly filterBox: Locator;
  readonly filterError: Locator;
  /** What the regex box takes, shown under it in regex mode. */
  readonly filterSyntax: Locator;
  readonly following: Locator;
  readonly paused: Locator;
  readonly newLines: Locator;
  /** "Lines around 14:03 for checkout": shown once a graph (or another view) opened a moment. */
  readonly around: Locator;
  /** The source picker's summary: "3 of 3 sources". */
  readonly sourcePicker: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Logs' });
    this.lines = this.panel.getByTestId('log-line');
    this.gaps = this.panel.getByTestId('log-gap');
    this.filterBox = this.panel.getByRole('textbox', { name: 'Filter log lines' });
    this.filterError = this.panel.getByTestId('log-filter-error');
    this.filterSyntax = this.panel.getByTestId('log-filter-syntax');
    this.following = this.panel.getByRole('button', { name: 'Following' });
    this.paused = this.panel.getByRole('button', { name: 'Paused' });
    this.newLines = this.panel.getByRole('button', { name: /^\d+ new lines$/ });
    this.around = this.panel.getByTestId('log-around');
    this.sourcePicker = this.panel.getByLabel('Log sources', { exact: true });
  }

  async waitForLines(): Promise<void> {
    await expect(this.lines.first()).toBeVisible();
  }

  async filter(text: string, options: { regex?: boolean } = {}): Promise<void> {
    const regex = this.panel.getByRole('button', { name: 'Regular expression' });
    if ((await regex.getAttribute('aria-pressed')) !== String(Boolean(options.regex))) await regex.click();
    await this.filterBox.fill(text);
  }

  /** `source:seq` of every line drawn, top to bottom: what "each line once" is checked on. */
  async lineKeys(): Promise<string[]> {
    return this.lines.evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-source')}:${row.getAttribute('data-seq')}`));
  }

  /** The text of every line drawn, as the page shows it. */
  async texts(): Promise<string[]> {
    return this.lines.locator('.log-text').allTextContents();
  }

  async newLineCount(): Promise<number> {
    return Number((await this.newLines.textContent())?.match(/^(\d+)/)?.[1] ?? 0);
  }
}
