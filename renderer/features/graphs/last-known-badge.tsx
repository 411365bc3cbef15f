import { useSettings } from '../../api/settings-context';
import { formatDateTime } from '../../lib/format-time';
import { TimeAgo } from '../../ui/time-ago';

export type LastKnownBadgeProps = {
  /** When the core had the drawing from its backend. */
  fetchedAt: number;
  /** What is last-known, when not the panel it sits on: "markers". */
  what?: string;
};

/** A panel (or the markers) drawn from what it showed last time says so, and how old that is, until a fresh answer replaces it. */
export function LastKnownBadge({ fetchedAt, what }: LastKnownBadgeProps) {
  const { timeZone } = useSettings().settings;
  return (
    <span
      className="badge last-known-badge"
      data-testid="last-known"
      data-fetched-at={fetchedAt}
      role="status"
      title={`The last drawing the console kept, from ${formatDateTime(fetchedAt, timeZone)}; a fresh one replaces it as soon as Graphite answers.`}
    >
      {what ? `${what} ` : ''}last known <TimeAgo at={fetchedAt} />
    </span>
  );
}
