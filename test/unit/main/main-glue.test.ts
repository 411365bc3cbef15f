import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { runWithFakeElectron } from './bundle-with-fake-electron';
import { createFakeElectron, fakeWebContents } from './fake-electron';

// The real main/main.ts, bundled as for Electron and run under Node against a recording fake
// of `electron`: the wiring between lifecycle, protocol, IPC, guards and core is exercised
// here even where the Electron binary cannot run (the e2e suite covers the real thing).
const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-main-glue-'));
const userData = path.join(dir, 'user-data');
const fake = createFakeElectron({ userData: '/fake/default-user-data' });
const logged: Record<string, any>[] = [];
const APP_PAGE = 'app://ops-console/index.html';

beforeAll(async () => {
  mkdirSync(path.join(dir, 'out', 'renderer'), { recursive: true });
  writeFileSync(path.join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>Ops Console</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      try {
        logged.push(JSON.parse(line));
      } catch {
        logged.push({ text: line });
      }
    }
    return true;
  });
  vi.stubEnv('OPS_CONSOLE_USER_DATA', userData);
  await runWithFakeElectron('main/main.ts', dir, fake.electron);
  // macOS delivers the link an app is launched with by event, before 'ready'.
  fake.app.emit('open-url', { preventDefault: () => {} }, 'ops-console://dashboards/production?range=3h');
});

/** What Electron hands 'will-quit': the app waits for the core's stop through it. */
const quitEvent = () => ({ preventDefault: () => {} });

afterAll(() => {
  fake.app.emit('will-quit', quitEvent());
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const untilReady = async () => {
  fake.ready();
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
};

describe('main process glue', () => {
  it('before ready: moves userData before taking the single-instance lock, sandboxes all, registers app://', () => {
    expect(fake.calls.indexOf('app.setPath userData')).toBeLessThan(fake.calls.indexOf('app.requestSingleInstanceLock'));
    expect(fake.app.getPath('userData')).toBe(userData);
    expect(fake.calls).toContain('app.enableSandbox');
    expect(fake.electron.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.windows).toHaveLength(0);
  });

  it('on ready: opens one locked-down window on app://ops-console (at the launch link) and a menu', async () => {
    await untilReady();
    const [window] = fake.windows;
    expect(window!.loaded).toEqual([`${APP_PAGE}#/d/production?range=3h`]);
    expect(fake.calls).toContain('app.setAsDefaultProtocolClient ops-console');
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false });
    expect(window!.options.webPreferences.preload).toBe(path.join(dir, 'out', 'main', 'preload.cjs'));
    expect(fake.electron.menu).toBeDefined();
  });

  it('listens on exactly one IPC channel (electron-store’s own is removed)', () => {
    expect([...fake.handlers.keys()].filter((key) => key.startsWith('ipc'))).toEqual(['ipc:ops:request']);
  });

  it('denies every permission request', async () => {
    const answers: boolean[] = [];
    fake.handlers.get('permission')!(null, 'media', (granted: boolean) => answers.push(granted));
    fake.handlers.get('permission')!(null, 'notifications', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(fake.handlers.get('permission-check')!(null, 'clipboard-read')).toBe(false);
  });

  it('serves the renderer with the CSP, and nothing outside it', async () => {
    const serve = fake.handlers.get('protocol:app')! as (r: { url: string; method: string }) => Promise<Response>;
    const page = await serve({ url: APP_PAGE, method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<title>Ops Console</title>');
    expect((await serve({ url: 'app://ops-console/..%2fsecret.txt', method: 'GET' })).status).toBe(404);
    expect((await serve({ url: 'app://ops-console/nope.js', method: 'GET' })).status).toBe(404);
    expect((await serve({ url: APP_PAGE, method: 'POST' })).status).toBe(405);
  });

  it('answers ops:request from our window with the core’s Result, and refuses anyone else', async () => {
    const request = fake.handlers.get('ipc:ops:request')!;
    const ours = { sender: fake.windows[0]!.webContents, senderFrame: { url: APP_PAGE, parent: null } };
    expect(await request(ours, 'app.info', {})).toMatchObject({ ok: true, value: { name: 'Ops Console', host: 'electron', version: '0.1.0-test' } });
    expect(await request(ours, 'flags.flip', { key: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const strangers = [
      { sender: fakeWebContents(APP_PAGE), senderFrame: { url: APP_PAGE, parent: null } },
      { ...ours, senderFrame: { url: 'https://example.com/', parent: null } },
      { ...ours, senderFrame: { url: APP_PAGE, parent: {} } },
      { ...ours, senderFrame: null },
    ];
    for (const event of strangers) {
      expect(await request(event, 'app.info', {})).toEqual({ ok: false, error: { code: 'forbidden', message: 'This request was refused.' } });
    }
    expect(logged.filter((l) => l.event === 'ipc.untrusted_sender')).toHaveLength(strangers.length);
  });

  it('pushes core events to our window on ops:event', async () => {
    const contents = fake.windows[0]!.webContents;
    await vi.waitFor(() => expect(contents.sent.some(([channel]) => channel === 'ops:event')).toBe(true), { timeout: 5_000 });
    expect(new Set(contents.sent.map(([channel]) => channel))).toEqual(new Set(['ops:event']));
    expect(contents.sent[0]![1]).toMatchObject({ name: expect.any(String), payload: expect.anything() });
  });

  it('guards every new webContents: no new windows, no leaving the app, no webviews', () => {
    const contents = fakeWebContents(APP_PAGE);
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://runbooks.example.com/deploy' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.opened).toEqual(['https://runbooks.example.com/deploy']);
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.opened).toHaveLength(1);

    const attempt = (event: string, url: string, extra: object = {}) => {
      const prevented = vi.fn();
      contents.emit(event, { preventDefault: prevented, url, ...extra }, url);
      return prevented.mock.calls.length > 0;
    };
    expect(attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(attempt('will-frame-navigate', 'https://example.com/', { isMainFrame: false })).toBe(true);
    expect(attempt('will-navigate', 'app://ops-console/index.html#flags')).toBe(false);
    expect(attempt('will-attach-webview', 'https://example.com/')).toBe(true);
  });

  it('a deep link to the running app shows that dashboard and range (app.navigate); a bad one is refused', () => {
    const contents = fake.windows[0]!.webContents;
    const navigations = () => contents.sent.filter(([, event]) => (event as { name: string }).name === 'app.navigate').map(([, event]) => (event as { payload: unknown }).payload);
    fake.app.emit('second-instance', {}, ['/opt/ops-console/ops-console', '--no-sandbox', 'ops-console://dashboards/checkout?from=1700000000000&to=1700003600000'], '/');
    expect(navigations()).toEqual([{ dashboardId: 'checkout', from: 1700000000000, until: 1700003600000 }]);
    fake.app.emit('open-url', { preventDefault: () => {} }, 'ops-console://dashboards/web?range=15m&tz=local');
    expect(navigations()).toHaveLength(2);

    for (const bad of ['ops-console://dashboards/../settings', 'ops-console://flags/prod', 'ops-console://dashboards/prod?from=now&to=later']) {
      fake.app.emit('second-instance', {}, ['/opt/ops-console/ops-console', bad], '/');
    }
    expect(navigations()).toHaveLength(2);
    expect(logged.filter((l) => l.event === 'deep_link.refused')).toHaveLength(3);
    // A second start without a link only brings the window forward.
    fake.app.emit('second-instance', {}, ['/opt/ops-console/ops-console'], '/');
    expect(navigations()).toHaveLength(2);

    // A page still loading would miss the event: it is loaded at the link instead.
    const window = fake.windows[0]!;
    window.webContents.isLoading = () => true;
    fake.app.emit('open-url', { preventDefault: () => {} }, 'ops-console://dashboards/web?range=1h');
    expect(window.loaded.at(-1)).toBe(`${APP_PAGE}#/d/web?range=1h`);
    window.webContents.isLoading = () => false;
    expect(navigations()).toHaveLength(2);

    // No window left (macOS keeps the app running): the link opens one.
    const open = fake.windows.splice(0);
    fake.app.emit('open-url', { preventDefault: () => {} }, 'ops-console://dashboards/checkout?range=6h');
    expect(fake.windows.map((w) => w.loaded)).toEqual([[`${APP_PAGE}#/d/checkout?range=6h`]]);
    fake.windows.splice(0, 1, ...open);
  });

  it('stops the core and the IPC handler on quit, and quits once the core has stopped', async () => {
    const contents = fake.windows[0]!.webContents;
    fake.app.emit('will-quit', quitEvent());
    const sent = contents.sent.length;
    expect(fake.handlers.has('ipc:ops:request')).toBe(false);
    // The demo's logs are written every 250 ms and tailed every second: a running core would have sent a line by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(contents.sent.length).toBe(sent);
    await vi.waitFor(() => expect(fake.calls).toContain('app.quit'));
  });
});
