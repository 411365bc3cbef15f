import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

import type { RunningHost } from '../host';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** A marker's tick on a chart: alone, or a "+N" cluster of markers too close to tell apart. */
export const MARKER_TICKS = '[data-testid="deploy-marker"], [data-testid="flip-marker"], [data-testid="marker-cluster"]';
const cluster = (kind: string) => `[data-testid="marker-cluster"][data-kind="${kind}"], [data-testid="marker-cluster"][data-kind="mixed"]`;

/** The whole console as a person sees it; waits are named for what they wait for, never for how long. */
export class ConsolePage {
  readonly consoleErrors: string[] = [];
  /** Every chart panel of the dashboard on screen (the demo's first has four). */
  readonly charts: Locator;
  /** Ticks that hold at least one deploy (single ticks, or clusters). */
  readonly deployMarkers: Locator;
  /** Ticks that hold at least one flip (single ticks, or clusters). */
  readonly flipMarkers: Locator;
  readonly flagRows: Locator;
  readonly flagSearch: Locator;
  readonly flagCount: Locator;
  readonly logLines: Locator;
  readonly backendStatuses: Locator;
  /** DEMO DATA (the built-in demo world) or STAND-IN DATA (the older stand-in). */
  readonly sampleDataBadge: Locator;

  constructor(
    readonly page: Page,
    readonly host: RunningHost,
  ) {
    this.charts = page.getByTestId('chart-panel');
    this.deployMarkers = this.charts.locator(`[data-testid="deploy-marker"], ${cluster('deploy')}`);
    this.flipMarkers = this.charts.locator(`[data-testid="flip-marker"], ${cluster('flip')}`);
    this.flagRows = page.getByTestId('flag-row');
    this.flagSearch = page.getByRole('searchbox', { name: 'Search flags' });
    this.flagCount = page.getByTestId('flag-count');
    this.logLines = page.getByTestId('log-line');
    this.backendStatuses = page.getByTestId('backend-status');
    this.sampleDataBadge = page.getByText(/^(DEMO|STAND-IN) DATA$/);
  }

  /** Collects console errors, uncaught exceptions and CSP violations from the first script on. */
  async watchForProblems(): Promise<void> {
    this.page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    this.page.on('pageerror', (error) => this.consoleErrors.push(`pageerror: ${error.message}`));
    await this.page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations!.push(`${event.violatedDirective}: ${event.blockedURI || event.sample}`);
      });
    });
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => window.__cspViolations ?? []);
  }

  /** Opens the address exactly as the host printed it. */
  async open(): Promise<void> {
    await this.page.goto(this.host.url);
  }

  /** Every panel has real data on screen and every backend reported in. */
  async waitUntilLoaded(): Promise<void> {
    await expect(this.charts.first().locator('path.series-line').first()).toHaveAttribute('d', /^M/);
    await expect(this.deployMarkers.first()).toBeAttached();
    await expect(this.flagRows.first()).toBeVisible();
    await expect(this.logLines.first()).toBeVisible();
    await expect(this.backendStatuses).not.toHaveCount(0);
  }

  async waitUntilAllBackendsOk(): Promise<void> {
    for (const status of await this.backendStatuses.all()) await expect(status).toHaveAttribute('data-state', 'ok');
  }

  /**
   * A flag that is off in `environment`, found with the switchboard's own filter, then shown
   * alone by searching its key: works for whichever flags the backend has.
   */
  async findFlagThatIsOff(environment: string): Promise<string> {
    const state = this.page.getByRole('combobox', { name: `State in ${environment}` });
    await state.selectOption('off');
    const key = await this.flagRows.first().getAttribute('data-key');
    if (!key) throw new Error(`no flag is off in ${environment}`);
    await state.selectOption('any');
    await this.flagSearch.fill(key);
    await expect(this.flagRow(key)).toBeVisible();
    return key;
  }

  /** The tick of a flip whose who/what/when contains `text`, alone (its title) or in a cluster (its label). */
  flipMarker(text: string): Locator {
    return this.charts.locator(`[data-testid="flip-marker"][title*="${text}"], [data-testid="marker-cluster"][aria-label*="${text}"]`);
  }

  flagRow(key: string): Locator {
    return this.page.locator(`[data-testid="flag-row"][data-key="${key}"]`);
  }

  flagSwitch(key: string, environment: string): Locator {
    return this.flagRow(key).locator(`[role="switch"][data-env="${environment}"]`);
  }

  reasonField(key: string): Locator {
    return this.flagRow(key).getByLabel('Reason for this flip');
  }

  /** Clicks the switch and types the reason; the caller decides how to submit. */
  async startFlip(key: string, environment: string, reason: string): Promise<void> {
    await this.flagSwitch(key, environment).click();
    await this.reasonField(key).fill(reason);
  }

  /** The Backends section of Settings, once it listed what the core has. */
  async openBackends(): Promise<Locator> {
    const drawer = await this.openSettings();
    const section = drawer.getByRole('region', { name: 'Backends' });
    await expect(section.getByTestId('backend-entry').first()).toBeVisible();
    return section;
  }

  async openSettings(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Settings' }).click();
    const drawer = this.page.getByRole('dialog', { name: 'Settings' });
    await expect(drawer.getByText(/Memory only|Encrypted on disk/)).toBeVisible();
    return drawer;
  }

  async setSecret(name: string, value: string): Promise<Locator> {
    const drawer = await this.openSettings();
    await drawer.getByLabel('Name').fill(name);
    await drawer.getByLabel('Value').fill(value);
    await drawer.getByRole('button', { name: 'Set secret' }).click();
    return drawer;
  }

  secretRow(drawer: Locator, name: string): Locator {
    return drawer.locator(`[data-testid="secret-row"][data-name="${name}"]`);
  }
}
