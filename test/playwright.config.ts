import { defineConfig } from '@playwright/test';

// Browser mode runs in Debian's Chromium (Playwright's own browsers cannot be downloaded here);
// the Electron project launches the built app and skips itself where the binary is absent.
export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/playwright-artifacts',
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '../test-results/playwright.json' }]],
  projects: [
    {
      name: 'chromium',
      testIgnore: 'electron/**',
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: { executablePath: '/usr/bin/chromium' },
        viewport: { width: 1440, height: 900 },
        trace: 'retain-on-failure',
      },
    },
    { name: 'electron', testDir: './e2e/electron' },
  ],
});
