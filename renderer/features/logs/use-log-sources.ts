import { useCallback, useMemo, useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { LogSourceInfo, LogSourceStatus } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useCatalog } from '../../api/catalog-context';
import { useOpsClient, useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';

export type SourceWithStatus = { source: LogSourceInfo; status: LogSourceStatus };

/** The configured log sources with their live connection state (`logs.status` events keep it current). */
export function useLogSources() {
  const client = useOpsClient();
  const { version } = useCatalog();
  const query = useOpsQuery<SourceWithStatus[]>(`log-sources|${version}`, (c) => c.request('logs.sources', {}));
  const [trustError, setTrustError] = useState<{ sourceId: string; error: ApiError } | null>(null);
  // Kept apart from the list, so a status pushed while the list loads neither races nor drops it.
  const [pushed, setPushed] = useState<ReadonlyMap<string, LogSourceStatus>>(new Map());
  const remember = useCallback((status: LogSourceStatus) => setPushed((known) => new Map(known).set(status.id, status)), []);
  useOpsEvent('logs.status', ({ status }) => remember(status));
  // A journal showed a new host: it is a source of its own now.
  useOpsEvent('logs.sourcesChanged', () => query.refetch());
  // A state change missed while the event stream was down is only in the core now.
  useReconnect(query.refetch);

  const trustHostKey = useCallback(
    (sourceId: string, fingerprint: string) => {
      setTrustError(null);
      client.request('logs.trustHostKey', { sourceId, fingerprint }).then(remember, (cause: unknown) => setTrustError({ sourceId, error: asApiError(cause) }));
    },
    [client, remember],
  );

  // The newer of the listed and the pushed state wins.
  const sources = useMemo(
    () =>
      query.data?.map((entry) => {
        const status = pushed.get(entry.source.id);
        return status && status.since >= entry.status.since ? { ...entry, status } : entry;
      }),
    [query.data, pushed],
  );
  const byId = useMemo(() => new Map((sources ?? []).map((entry) => [entry.source.id, entry.source])), [sources]);
  return { sources, byId, error: query.error, trustHostKey, trustError };
}

/** Sources by service, services and hosts in alphabetical order (web-2 before web-10): nine hosts are easier to find that way. */
export function groupByService(sources: readonly SourceWithStatus[]): [string, SourceWithStatus[]][] {
  const byService = new Map<string, SourceWithStatus[]>();
  for (const entry of sources) byService.set(entry.source.service, [...(byService.get(entry.source.service) ?? []), entry]);
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, list]) => [service, list.sort((a, b) => a.source.host.localeCompare(b.source.host, undefined, { numeric: true }))]);
}
