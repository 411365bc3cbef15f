import { useSettings } from '../api/settings-context';
import { formatAgo, formatDateTime } from '../lib/format-time';
import { useNow } from './use-now';

export type TimeAgoProps = { at: number };

/** "3 min ago", with the exact time in the zone the user chose on hover. */
export function TimeAgo({ at }: TimeAgoProps) {
  const now = useNow();
  const { timeZone } = useSettings().settings;
  return (
    <time dateTime={new Date(at).toISOString()} title={formatDateTime(at, timeZone)}>
      {formatAgo(at, Math.max(now, Date.now()))}
    </time>
  );
}
