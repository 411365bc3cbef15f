import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

import type { ConsolePage } from './console-page';

export const TAX_FLAG = 'checkout.new-tax-engine';
/** The flips' words, as every copy of their markers has them. */
export const RAMP = `${TAX_FLAG} off → on for everyone in production`;
export const TURNED_OFF = `${TAX_FLAG} on for everyone → off in production`;

/** The incident mode as a person works it: the drill, the spike, the suspect, the guard, the timeline. */
export class IncidentPage {
  readonly page: Page;
  readonly pane: Locator;
  /** The production overview's "Error rate" panel: every service's, checkout's spike included. */
  readonly errorRate: Locator;
  readonly suspect: Locator;
  /** In "What changed?": where the anomaly at the cursor started (`data-onset`), or that there is none there. */
  readonly anomalyNote: Locator;
  readonly guard: Locator;
  readonly reason: Locator;
  readonly timelineRows: Locator;
  readonly watches: Locator;
  /** Checkout's line in the error-rate legend: its last value, above the panel's threshold or not. */
  readonly checkoutErrorRate: Locator;

  constructor(readonly ops: ConsolePage) {
    this.page = ops.page;
    this.pane = this.page.getByTestId('incident-pane');
    this.errorRate = ops.charts.and(this.page.locator('[aria-label="Error rate"]'));
    this.suspect = this.page.getByTestId('suspect-flag');
    this.anomalyNote = this.page.getByTestId('anomaly-note');
    this.guard = this.page.getByTestId('flip-guard');
    this.reason = this.guard.getByRole('textbox', { name: 'Reason for this flip' });
    this.timelineRows = this.page.getByTestId('incident-row');
    this.watches = this.page.getByTestId('recovery-watch');
    // Checkout's own line: another service's bad deploy may lift the panel, not this row. Found by
    // its header's text, not its role: the incident layout folds the legend away (the row keeps its state).
    this.checkoutErrorRate = this.errorRate.getByTestId('legend-row').filter({ has: this.page.locator('th.legend-name', { hasText: /^checkout$/ }) });
  }

  /** The drill has played and its spike is drawn: the ramp's flip marker on the error-rate graph, which is above its threshold. */
  async waitForSpike(): Promise<void> {
    await expect(this.page.getByTestId('drill-status')).toBeVisible();
    await expect(this.rampTick()).toBeAttached();
    await expect(this.checkoutErrorRate).toHaveAttribute('data-breach', 'high');
  }

  /** The ramp's tick on the error-rate graph (alone, or in a "+N" cluster with the deploy just before it). */
  rampTick(): Locator {
    return this.errorRate.locator(`[data-testid="flip-marker"][title*="${RAMP}"], [data-testid="marker-cluster"][aria-label*="${RAMP}"]`).first();
  }

  /** A point in the spike: half-way between the ramp and the plot's right edge (now), wherever the window puts them. */
  async clickSpike(): Promise<void> {
    const { rampAt } = await this.drillTimes();
    const { until } = await this.axis(this.errorRate);
    await this.clickAt(this.errorRate, (rampAt + until) / 2);
  }

  /** The time axis of a panel's chart (its x domain, as the chart draws it). */
  async axis(panel: Locator): Promise<{ from: number; until: number }> {
    const chart = panel.locator('.chart');
    return { from: Number(await chart.getAttribute('data-from')), until: Number(await chart.getAttribute('data-until')) };
  }

  /** A click on `panel` at the moment `at` (`y`: how far down the plot, 0 to 1), measured at the moment of the click: the layout and the window move. */
  async clickAt(panel: Locator, at: number, y = 0.5): Promise<void> {
    const hit = panel.locator('.chart-hit-layer');
    let position = { x: 0, y: 0 };
    await expect(async () => {
      const box = await hit.boundingBox();
      if (!box) throw new Error('the plot is not laid out yet');
      const { from, until } = await this.axis(panel);
      position = { x: ((at - from) / (until - from)) * box.width, y: box.height * y };
    }).toPass({ timeout: 10_000 });
    await hit.click({ position });
  }

  /**
   * Right-click on a flip marker whose words hold `what`, where the graph draws it: its own tick,
   * or its row in the list of a "+N" tick it shares with changes a few pixels away (the demo
   * world deploys every few minutes, at moments the drill does not choose). Returns the tick
   * focus comes back to.
   */
  async flipMarkerMenu(panel: Locator, what: string): Promise<Locator> {
    const alone = panel.locator(`[data-testid="flip-marker"][title*="${what}"]`);
    const inCluster = `[data-testid="marker-cluster"][aria-label*="${what}"]`;
    const cluster = panel.locator(inCluster);
    await expect(alone.or(cluster)).toHaveCount(1);
    if ((await alone.count()) === 1) {
      await alone.click({ button: 'right' });
      return alone;
    }
    await cluster.hover();
    const list = panel.locator('.marker-cluster-wrap').filter({ has: this.page.locator(inCluster) });
    await list.getByTestId('marker-list-item').filter({ hasText: what }).click({ button: 'right' });
    return cluster;
  }

  /** The flip's marker, drawn on the error-rate graph. */
  flipOffMarker(): Locator {
    return this.errorRate.locator(`[data-testid="flip-marker"][title*="${TURNED_OFF}"], [data-testid="marker-cluster"][aria-label*="${TURNED_OFF}"]`);
  }

  /** When the drill's ramp happened, as its status says it (a data attribute, for the test to compare). */
  async drillTimes(): Promise<{ rampAt: number }> {
    return { rampAt: Number(await this.page.getByTestId('drill-status').getAttribute('data-ramp-at')) };
  }

  async exportedMarkdown(): Promise<string> {
    await this.pane.getByRole('button', { name: 'Export Markdown' }).click();
    const text = this.page.getByTestId('incident-markdown');
    await expect(text).toBeVisible();
    return text.inputValue();
  }
}

/** The lines of an exported timeline in order: each pattern's first line number, -1 when absent. */
export function linesOf(markdown: string, ...patterns: RegExp[]): number[] {
  const lines = markdown.split('\n');
  return patterns.map((pattern) => lines.findIndex((line) => pattern.test(line)));
}
