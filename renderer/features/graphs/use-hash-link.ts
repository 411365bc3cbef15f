import { useEffect } from 'react';

import type { DashboardLink } from '../../../src/contract/dashboard-link';
import { formatDeepLink, formatHashLink } from '../../../src/contract/dashboard-link';

/**
 * Keeps the address bar's fragment on what is shown, so a reload or a copied address opens the
 * same dashboard and range. replaceState: no history entry per zoom (Back has its own stack)
 * and no hashchange, so this never reads back its own write.
 */
export function useHashLink(link: DashboardLink): void {
  const hash = formatHashLink(link);
  useEffect(() => {
    if (window.location.hash === hash) return;
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${hash}`);
  }, [hash]);
}

/**
 * What "Copy link" copies: in the desktop app (served from app://) the `ops-console://` link the
 * OS hands back to it; in a browser the page's own address, which needs no token once this
 * browser has a session.
 */
export function shareableLink(link: DashboardLink): string {
  if (window.location.protocol === 'app:') return formatDeepLink(link);
  return `${window.location.origin}${window.location.pathname}${window.location.search}${formatHashLink(link)}`;
}
