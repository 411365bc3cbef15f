import type { Locator, Page } from '@playwright/test';

/** The dashboard bar's time controls, and the drag across a panel that zooms. */
export class TimeRangeBar {
  readonly range: Locator;
  readonly back: Locator;
  readonly backToLive: Locator;
  readonly selectedTab: Locator;

  constructor(readonly page: Page) {
    this.range = page.getByTestId('time-range');
    this.back = page.getByRole('button', { name: '← Back' });
    this.backToLive = page.getByRole('button', { name: 'Back to live' });
    this.selectedTab = page.locator('[role="tab"][aria-selected="true"]');
  }

  /** Presses on `panel`'s plot at `fromShare` of its width and lets go at `toShare`, moving in steps as a hand does. */
  async dragAcross(panel: Locator, fromShare: number, toShare: number): Promise<void> {
    const box = await panel.locator('.chart-hit-layer').boundingBox();
    if (!box) throw new Error('the panel has no plot on screen');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * fromShare, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * toShare, y, { steps: 8 });
    await this.page.mouse.up();
  }
}
