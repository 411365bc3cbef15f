/**
 * Where the app's own pages live, and the URL decisions made on every navigation, window.open
 * and IPC message. Pure (no Electron) so the rules are unit-tested exactly as they run.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ops-console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string | undefined | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for a URL on the app origin. Compares scheme and host rather than `URL.origin`: Node's
 * URL (which main uses) reports the origin of a non-special scheme like `app:` as the string
 * "null", the same as for any other custom scheme, so an origin comparison would say nothing.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
}

/** Only web pages go to the user's browser; `file:`, `smb:`, `javascript:` or a custom handler could run something locally. */
export function isSafeExternalUrl(url: string | undefined | null): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

export interface SenderFacts {
  /** `BrowserWindow.fromWebContents(event.sender)` found a window of ours. */
  hasWindow: boolean;
  /** `event.senderFrame?.url`; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** The message came from the top frame, not an iframe inside it. */
  isMainFrame: boolean;
}

/**
 * Whether an IPC message may reach the core. The core can flip production flags and store
 * secrets, so only our own window's top frame, showing our own page, may ask: not a webview,
 * a sub-frame, a detached or devtools contents, or one of our windows navigated elsewhere.
 */
export function isTrustedSender(facts: SenderFacts): boolean {
  return facts.hasWindow && facts.isMainFrame && isAppUrl(facts.frameUrl);
}
