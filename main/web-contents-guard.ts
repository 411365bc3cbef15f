import { shell } from 'electron';
import type { WebContents } from 'electron';

import type { Logger } from '../src/log';
import { isAppUrl, isSafeExternalUrl } from './app-origin';

/**
 * Applied to every webContents the app ever creates (`web-contents-created`), so a window
 * added later cannot forget it. The page shows text from logs, flags and deploy notes; if
 * some of it ever ran as markup, this keeps it from leaving the app or opening anything.
 */
export function guardWebContents(contents: WebContents, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Links with target=_blank are how the UI opens a deploy or runbook: in the user's browser, never in here.
    if (isAppUrl(contents.getURL()) && isSafeExternalUrl(url)) openExternal(url, logger);
    else logger.warn('window_open.blocked', { url });
    return { action: 'deny' };
  });

  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    logger.warn('navigation.blocked', { url });
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  // The CSP already forbids frames; should one exist anyway, it stays on the app origin too.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) stayInApp(event, event.url);
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('webview.blocked', {});
  });
}

function openExternal(url: string, logger: Logger): void {
  shell.openExternal(url).catch((error: unknown) => logger.warn('open_external.failed', { url, error }));
}
