import type { Incident } from '../../../src/contract/incident-types';
import type { Marker } from '../../../src/contract/wire-types';
import { useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { LEAD_UP_MS } from './incident-markdown';

/** The deploys and flips of an incident (and the minutes that led up to it), read back from their sources and kept current. */
export function useIncidentMarkers(incident: Incident) {
  const query = useOpsQuery<Marker[]>(
    `incident-markers|${incident.id}|${incident.startedAt}|${incident.endedAt}`,
    (c) => c.request('markers.list', { from: incident.startedAt - LEAD_UP_MS, until: Math.max(incident.endedAt ?? Date.now(), incident.startedAt + 1) }),
    { refreshSeconds: incident.endedAt === null ? 10 : 0 },
  );
  useOpsEvent('markers.added', query.refetch);
  useReconnect(query.refetch);
  return query;
}
