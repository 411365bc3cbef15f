import { BrowserWindow, ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';

import type { Result } from '../src/contract/api-error';
import type { Core } from '../src/host/compose-core';
import type { Logger } from '../src/log';
import { isAppUrl, isTrustedSender } from './app-origin';

/** The only two channels between the window and main. The preload names them again; keep both in step. */
export const REQUEST_CHANNEL = 'ops:request';
export const EVENT_CHANNEL = 'ops:event';

/** Deliberately says nothing about what exists or why: whoever sent it is not our page. */
const REFUSED: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This request was refused.' },
};

/**
 * The one place IPC senders are checked. `ipcMain.handle` answers every frame of every
 * webContents in the process; without this, a sub-frame, a webview or one of our windows
 * that was navigated away (all blocked elsewhere, this is the second line) could flip flags.
 */
export function assertTrustedSender(event: IpcMainInvokeEvent, logger: Logger): boolean {
  const frame = event.senderFrame;
  const trusted = isTrustedSender({
    hasWindow: BrowserWindow.fromWebContents(event.sender) !== null,
    frameUrl: frame?.url,
    isMainFrame: frame !== null && frame.parent === null,
  });
  if (!trusted) logger.warn('ipc.untrusted_sender', { frameUrl: frame?.url ?? null, webContentsId: event.sender.id });
  return trusted;
}

/** Serves the core over IPC; returns the undo, for quit. */
export function wireIpc(core: Pick<Core, 'dispatch' | 'events'>, logger: Logger): () => void {
  ipcMain.handle(REQUEST_CHANNEL, async (event, name: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!assertTrustedSender(event, logger)) return REFUSED;
    // A closed window abandons its requests: stop their backend calls too.
    const abort = new AbortController();
    const onGone = () => abort.abort();
    event.sender.once('destroyed', onGone);
    try {
      // dispatch never throws; the catch is for this glue, since a throw would reach the page as a bare rejection.
      return await core.dispatch(name, input, abort.signal);
    } catch (error) {
      logger.error('ipc.failed', { request: String(name), error });
      return { ok: false, error: { code: 'internal', message: 'Ops Console could not handle this request.' } };
    } finally {
      event.sender.removeListener('destroyed', onGone);
    }
  });

  const unsubscribe = core.events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      // Only our own page gets events: log lines must not follow a window that left the app.
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(EVENT_CHANNEL, event);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(REQUEST_CHANNEL);
  };
}
