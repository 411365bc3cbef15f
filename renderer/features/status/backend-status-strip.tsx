import { useMemo } from 'react';

import type { BackendStatus } from '../../../src/contract/wire-types';
import { useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { BackendStatusChip } from './backend-status-chip';

/** More backends of one kind than this share one chip: nine log hosts would fill the header. */
const MAX_CHIPS_PER_KIND = 3;

/** One chip per backend (or per kind, when there are many): the first place to look when a panel looks wrong. */
export function BackendStatusStrip() {
  const query = useOpsQuery<BackendStatus[]>('backends', (c) => c.request('backends.status', {}));
  const { setData, refetch } = query;
  useOpsEvent('backends.changed', ({ statuses }) => setData(() => statuses));
  useReconnect(refetch);
  const chips = useMemo(() => summarise(query.data ?? []), [query.data]);
  return (
    <div className="backend-strip" aria-label="Backend status">
      {chips.map((status) => (
        <BackendStatusChip key={status.id} status={status} />
      ))}
      {query.error && !query.data && <ErrorText error={query.error} prefix="Backend status" />}
    </div>
  );
}

const WORST: BackendStatus['state'][] = ['down', 'credentials_refused', 'rate_limited', 'unknown', 'ok'];

function summarise(statuses: readonly BackendStatus[]): BackendStatus[] {
  const byKind = new Map<BackendStatus['kind'], BackendStatus[]>();
  for (const s of statuses) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  return [...byKind.entries()].flatMap(([kind, group]): BackendStatus[] => {
    if (group.length <= MAX_CHIPS_PER_KIND) return group;
    const state = WORST.find((w) => group.some((s) => s.state === w)) ?? 'unknown';
    const down = group.filter((s) => s.state === 'down');
    const checked = group.map((s) => s.checkedAt).filter((t): t is number => t !== null);
    const ok = group.map((s) => s.lastOkAt).filter((t): t is number => t !== null);
    return [
      {
        id: `all-${kind}`,
        kind,
        name: `${group.length} ${kind}${down.length ? ` (${down.length} down)` : ''}`,
        state,
        checkedAt: checked.length ? Math.max(...checked) : null,
        lastOkAt: ok.length ? Math.min(...ok) : null,
        message: down.length ? down.map((s) => `${s.name}: ${s.message ?? 'no reason given'}`).join('; ') : null,
      },
    ];
  });
}
