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
    </span>
  );
}

function describe(status: BackendStatus, now: number, zone: 'utc' | 'local'): string {
  const checked = status.checkedAt === null ? 'not checked yet' : `checked ${formatAgo(status.checkedAt, now)}`;
  const lastOk = status.lastOkAt === null ? '' : `; last OK ${formatDateTime(status.lastOkAt, zone)}`;
  const state = status.state === 'down' ? `DOWN: ${status.message ?? 'no reason given'}` : status.state === 'ok' ? 'OK' : 'unknown';
  return `${status.name} (${status.kind}): ${state} — ${checked}${lastOk}`;
}
