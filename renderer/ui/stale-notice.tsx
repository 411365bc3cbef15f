import type { ApiError } from '../../src/contract/api-error';
import { useSettings } from '../api/settings-context';
import { describeError } from '../lib/describe-error';
import { formatClock } from '../lib/format-time';
import { TimeAgo } from './time-ago';

export type StaleNoticeProps = {
  /** Which backend, in the words of the person on call: "Graphite", "Flag service". */
  what: string;
  error: ApiError;
  errorAt: number;
  /** When the data still on screen arrived; null when there is none. */
  fetchedAt: number | null;
};

/** Says a panel's data is old and why, instead of silently blanking or silently lying. */
export function StaleNotice({ what, error, errorAt, fetchedAt }: StaleNoticeProps) {
  const { timeZone } = useSettings().settings;
  const { message } = describeError(error);
  return (
    <div className="stale-notice" data-testid="stale-notice" data-code={error.code} role="status">
      {what} failed {formatClock(errorAt, timeZone)}: {message.replace(/[.\s]+$/, '')}.{' '}
      {fetchedAt === null ? (
        'No data to show yet.'
      ) : (
        <>
          Showing data from <TimeAgo at={fetchedAt} />.
        </>
      )}
    </div>
  );
}
