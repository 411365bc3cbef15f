import type { Ramp } from '../../../src/contract/ramp-types';
import { useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';

/** The guarded ramps of the core, newest first, kept current by its `ramps.changed` events. */
export function useRamps() {
  const query = useOpsQuery<Ramp[]>('ramps', (c) => c.request('ramps.list', {}));
  const { setData, refetch } = query;
  const loaded = query.data !== undefined;
  useOpsEvent('ramps.changed', ({ ramp }) => (loaded ? setData((ramps = []) => upsert(ramps, ramp)) : refetch()));
  useReconnect(refetch);
  return query;
}

function upsert(ramps: readonly Ramp[], ramp: Ramp): Ramp[] {
  return ramps.some((r) => r.id === ramp.id) ? ramps.map((r) => (r.id === ramp.id ? ramp : r)) : [ramp, ...ramps];
}
