import type { BackendStatus } from '../../../src/contract/wire-types';
import { useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { BackendStatusChip } from './backend-status-chip';

/** One chip per backend: the first place to look when a panel looks wrong. */
export function BackendStatusStrip() {
  const query = useOpsQuery<BackendStatus[]>('backends', (c) => c.request('backends.status', {}));
  const { setData, refetch } = query;
  useOpsEvent('backends.changed', ({ statuses }) => setData(() => statuses));
  useReconnect(refetch);
  return (
    <div className="backend-strip" aria-label="Backend status">
      {query.data?.map((status) => <BackendStatusChip key={status.id} status={status} />)}
      {query.error && !query.data && <ErrorText error={query.error} prefix="Backend status" />}
    </div>
  );
}
