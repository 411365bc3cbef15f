import type { BackendStatus } from '../../../src/contract/wire-types';
import { useSettings } from '../../api/settings-context';
import { formatAgo, formatDateTime } from '../../lib/format-time';
import { useNow } from '../../ui/use-now';

export type BackendStatusChipProps = { status: BackendStatus };

export function BackendStatusChip({ status }: BackendStatusChipProps) {
  const now = useNow();
  const { timeZone } = useSettings().settings;
  return (
    <span
      className={`backend-chip state-${status.state}`}
      data-testid="backend-status"
      data-state={status.state}
      data-kind={status.kind}
      title={describe(status, now, timeZone)}
      tabIndex={0}
    >
      <span className="backend-dot" aria-hidden="true" />
      {status.name}
      {STATE_LABEL[status.state] && <span className="backend-chip-state"> · {STATE_LABEL[status.state]}</span>}
    </span>
  );
}

/** Said on the chip itself: it answers, so its dot alone would not tell why nothing it holds shows. */
const STATE_LABEL: Partial<Record<BackendStatus['state'], string>> = {
  credentials_refused: 'credentials refused',
  rate_limited: 'rate-limited',
};

function describe(status: BackendStatus, now: number, zone: 'utc' | 'local'): string {
  const checked = status.checkedAt === null ? 'not checked yet' : `checked ${formatAgo(status.checkedAt, now)}`;
  const lastOk = status.lastOkAt === null ? '' : `; last OK ${formatDateTime(status.lastOkAt, zone)}`;
  const why = status.message ?? 'no reason given';
  const state =
    status.state === 'ok' ? 'OK' : status.state === 'unknown' ? 'unknown' : `${status.state === 'down' ? 'DOWN' : STATE_LABEL[status.state]!.toUpperCase()}: ${why}`;
  return `${status.name} (${status.kind}): ${state} — ${checked}${lastOk}`;
}
