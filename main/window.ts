import path from 'node:path';

import { BrowserWindow } from 'electron';

import type { DashboardLink } from '../src/contract/dashboard-link';
import { formatHashLink } from '../src/contract/dashboard-link';
import type { Logger } from '../src/log';
import { APP_ENTRY_URL } from './app-origin';

/**
 * The one window. Every webPreference here is Electron's secure default or stricter, spelled
 * out so a reviewer need not remember the defaults: the page gets no Node, runs in Chromium's
 * sandbox, and reaches main only through the two functions the preload exposes. A deep link the
 * app was started with opens as the page's own address fragment, which the page reads on load.
 */
export function createMainWindow(logger: Logger, link: DashboardLink | null = null): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Ops Console',
    // Hidden until the first paint, and the renderer's --bg behind it, so there is no white flash.
    show: false,
    backgroundColor: '#111217',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Bundled next to main.cjs by main/build.mjs; a sandboxed preload must be one file.
      preload: path.join(__dirname, 'preload.cjs'),
    },
  });
  window.once('ready-to-show', () => window.show());
  // A missing renderer build rejects here; the window then shows Chromium's error page.
  const url = appEntryUrl(link);
  window.loadURL(url).catch((error: unknown) => logger.error('window.load_failed', { url, error }));
  return window;
}

/** The page, at a link's `#/d/…` fragment when there is one. */
export function appEntryUrl(link: DashboardLink | null): string {
  return link ? `${APP_ENTRY_URL}${formatHashLink(link)}` : APP_ENTRY_URL;
}
