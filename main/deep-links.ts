import type { DashboardLink } from '../src/contract/dashboard-link';
import { parseDeepLink } from '../src/contract/dashboard-link';
import type { Logger } from '../src/log';

/** `ops-console://dashboards/<id>?…`: the scheme the OS hands to this app (see electron-builder.yml). */
export const DEEP_LINK_SCHEME = 'ops-console';

/**
 * Windows and Linux start (or wake, via 'second-instance') the app with the link as an argument.
 * Any argument in our scheme counts, so a malformed link is refused and logged, not ignored.
 */
export function deepLinkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
}

export interface DeepLinkRouter {
  /** A link from the OS: checked, then shown, or kept for the window that is not open yet. */
  receive(url: string | undefined): void;
  /** The link that arrived before there was a window: it opens with it. */
  takePending(): DashboardLink | null;
  /** From now on, links go to the open window. */
  deliverWith(deliver: (link: DashboardLink) => void): void;
}

/**
 * Anyone can make the OS open an `ops-console://` link (a web page, a chat message), so it is
 * parsed strictly (src/contract/dashboard-link.ts) and can only pick a dashboard and a range:
 * nothing in it reaches a request, a file or a shell.
 */
export function createDeepLinkRouter(logger: Logger): DeepLinkRouter {
  let pending: DashboardLink | null = null;
  let deliver: ((link: DashboardLink) => void) | null = null;
  return {
    receive(url) {
      if (url === undefined) return;
      const link = parseDeepLink(url);
      if (!link) {
        // Cut short: whatever was sent, the log is not the place to replay it.
        logger.warn('deep_link.refused', { url: url.slice(0, 200) });
        return;
      }
      if (deliver) deliver(link);
      else pending = link;
    },
    takePending() {
      const link = pending;
      pending = null;
      return link;
    },
    deliverWith(next) {
      deliver = next;
    },
  };
}
