import type { Marker } from '../../../src/contract/wire-types';
import { TimeAgo } from '../../ui/time-ago';

export type LastDeployBadgeProps = { markers: readonly Marker[] };

/** The first question in an incident: did someone just deploy? */
export function LastDeployBadge({ markers }: LastDeployBadgeProps) {
  const now = Date.now();
  const last = markers.findLast((m) => m.kind === 'deploy' && m.at <= now);
  if (!last) return <span className="badge muted">no deploy in range</span>;
  return (
    <span className="badge deploy-badge" title={`${last.who}: ${last.what}`}>
      last deploy <TimeAgo at={last.at} />
    </span>
  );
}
