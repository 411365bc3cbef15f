import path from 'node:path';

import { app, BrowserWindow, session } from 'electron';

import { startCore } from '../src/host/start-core';
import { createLogger } from '../src/log';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createDeepLinkRouter, DEEP_LINK_SCHEME, deepLinkInArgv } from './deep-links';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { openPersistence } from './persistence';
import { guardWebContents } from './web-contents-guard';
import { appEntryUrl, createMainWindow } from './window';

const logger = createLogger();
const deepLinks = createDeepLinkRouter(logger);

// Before anything reads userData (the single-instance lock and both stores live there), so a
// test run or a second profile gets a folder of its own.
const userDataOverride = process.env.OPS_CONSOLE_USER_DATA;
if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));

if (!app.requestSingleInstanceLock()) {
  // One console per user: two would tail every log twice and race on the settings file.
  // The running one brings its window forward ('second-instance'); this one leaves.
  app.quit();
} else {
  // Every renderer sandboxed, whatever a future window's webPreferences say.
  app.enableSandbox();
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, logger));
  // macOS hands links over by event, even the one the app was launched with (before 'ready').
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deepLinks.receive(url);
  });
  // Windows and Linux start a second process with the link in argv; it ends up here.
  app.on('second-instance', (_event, argv) => {
    focusMainWindow();
    deepLinks.receive(deepLinkInArgv(argv));
  });
  deepLinks.receive(deepLinkInArgv(process.argv));
  app.on('render-process-gone', (_event, _contents, details) => logger.error('renderer.gone', { ...details }));
  app.on('window-all-closed', () => {
    // macOS apps stay in the Dock until Quit; elsewhere closing the last window means quit.
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logger.error('app.start_failed', { error });
      app.exit(1);
    });
}

async function start(): Promise<void> {
  // Nothing here needs the camera, notifications or location: refuse every request without
  // asking, and answer every synchronous permission check (navigator.permissions) with no.
  // The one exception is writing to the clipboard, for "Copy link".
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // main.cjs sits in out/main (or app.asar/out/main); the renderer build is its sibling.
  serveAppProtocol(path.join(__dirname, '../renderer'), logger);

  const { settingsStore, secretVault } = openPersistence(logger);
  const started = await startCore({
    host: 'electron',
    version: app.getVersion(),
    settingsStore,
    secretVault,
    logger,
    configPath: configPathArgument(),
    // The flip audit log lives beside the settings, in the folder OPS_CONSOLE_USER_DATA may move.
    stateDir: app.getPath('userData'),
  });
  const { core } = started;
  const unwireIpc = wireIpc(core, logger);

  installMenu();
  registerLinkScheme();
  createMainWindow(logger, deepLinks.takePending());
  deepLinks.deliverWith((link) => {
    const [window] = BrowserWindow.getAllWindows();
    // On macOS the app outlives its windows: the link opens a new one.
    if (!window) return void createMainWindow(logger, link);
    focusMainWindow();
    // A page still loading may not listen yet; it reads its address when it starts.
    if (window.webContents.isLoading()) void window.loadURL(appEntryUrl(link));
    else core.events.emit('app.navigate', link);
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(logger);
  });
  // Quitting waits for the core to stop, so the last-known renders reach the disk for the next start.
  let stopping: Promise<void> | null = null;
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    unwireIpc();
    stopping = started.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  logger.info('app.ready', { version: app.getVersion(), userData: app.getPath('userData') });
}

/** `--config FILE` on the command line (after `npm start --`), else OPS_CONSOLE_CONFIG, else the platform default. */
function configPathArgument(): string | undefined {
  const index = process.argv.indexOf('--config');
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  return value ? path.resolve(value) : process.env.OPS_CONSOLE_CONFIG || undefined;
}

/** Makes the OS open `ops-console://` links with this app; unpackaged, with this entry script. */
function registerLinkScheme(): void {
  const entry = process.argv[1];
  const registered = process.defaultApp && entry ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [path.resolve(entry)]) : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  if (!registered) logger.warn('deep_link.not_registered', { scheme: DEEP_LINK_SCHEME });
}

function focusMainWindow(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
