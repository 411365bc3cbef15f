import { useSyncExternalStore } from 'react';

import type { DashboardLoader } from './dashboard-loader';

export type RefreshRestNoteProps = {
  loader: DashboardLoader;
  /** The auto-refresh interval in seconds; 0 = off. */
  refreshSeconds: number;
};

/** While Graphite is slow or failing the dashboard refreshes less often: it says so, and how often. */
export function RefreshRestNote({ loader, refreshSeconds }: RefreshRestNoteProps) {
  const intervalMs = refreshSeconds * 1000;
  const restMs = useSyncExternalStore(loader.subscribe, () => (intervalMs > 0 ? loader.restMs(intervalMs) : 0));
  if (restMs <= 0) return null;
  return (
    <span className="badge last-known-badge" data-testid="refresh-backoff" role="status" title="Graphite took long or failed: the dashboard waits before asking again, so it is not buried in requests.">
      Graphite slow: resting {Math.round(restMs / 1000)} s between refreshes
    </span>
  );
}
