import path from 'node:path';

import { app, BrowserWindow, session } from 'electron';

import { startCore } from '../src/host/start-core';
import { createLogger } from '../src/log';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { openPersistence } from './persistence';
import { guardWebContents } from './web-contents-guard';
import { createMainWindow } from './window';

const logger = createLogger();

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
  app.on('second-instance', focusMainWindow);
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
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // main.cjs sits in out/main (or app.asar/out/main); the renderer build is its sibling.
  serveAppProtocol(path.join(__dirname, '../renderer'), logger);

  const { settingsStore, secretVault } = openPersistence(logger);
  const started = await startCore({ host: 'electron', version: app.getVersion(), settingsStore, secretVault, logger, configPath: configPathArgument() });
  const { core } = started;
  const unwireIpc = wireIpc(core, logger);

  installMenu();
  createMainWindow(logger);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(logger);
  });
  app.once('will-quit', () => {
    unwireIpc();
    void started.stop();
  });
  logger.info('app.ready', { version: app.getVersion(), userData: app.getPath('userData') });
}

/** `--config FILE` on the command line (after `npm start --`), else OPS_CONSOLE_CONFIG, else the platform default. */
function configPathArgument(): string | undefined {
  const index = process.argv.indexOf('--config');
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  return value ? path.resolve(value) : process.env.OPS_CONSOLE_CONFIG || undefined;
}

function focusMainWindow(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
