import { expect } from '@playwright/test';

import { electronBinary, skipReason, test } from './electron-app';

test.skip(!electronBinary, skipReason);

test('the window opens on the app origin with graphs, flags and logs', async ({ sharedConsole: { page } }) => {
  expect(page.url()).toBe('app://ops-console/index.html');
  await expect(page).toHaveTitle('Ops Console');
  await expect(page.getByTestId('chart-panel').first()).toBeVisible();
  await expect(page.getByTestId('flag-row').first()).toBeVisible();
  await expect(page.getByTestId('log-line').first()).toBeVisible();
});

test('the page gets exactly request and on, and no Node', async ({ sharedConsole: { page } }) => {
  const seen = await page.evaluate(() => ({
    keys: Object.keys((window as unknown as { opsBridge: object }).opsBridge).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
  }));
  expect(seen).toEqual({ keys: ['on', 'request'], require: 'undefined', process: 'undefined', module: 'undefined' });
});

test('a bad request through the bridge comes back as invalid_input, not as an exception', async ({ sharedConsole: { page } }) => {
  const result = await page.evaluate(() =>
    (window as unknown as { opsBridge: { request(n: string, i: unknown): Promise<unknown> } }).opsBridge.request('flags.flip', { key: '', enabled: 'yes' }),
  );
  expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
});

test('app:// answers with the Content-Security-Policy browser mode sends', async ({ sharedConsole: { page } }) => {
  const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
});

test('the page cannot navigate away or open windows', async ({ sharedConsole: { page, nextLog } }) => {
  const navigation = nextLog('navigation.blocked');
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  expect(await navigation).toMatchObject({ url: 'https://example.com/' });
  expect(page.url()).toBe('app://ops-console/index.html');

  // Not http(s), so it is not handed to the user's browser either (and the test opens no browser).
  const popup = nextLog('window_open.blocked');
  expect(await page.evaluate(() => window.open('app://ops-console/index.html'))).toBeNull();
  expect(await popup).toMatchObject({ url: 'app://ops-console/index.html' });

  await expect(page.getByTestId('flag-row').first()).toBeVisible();
});
