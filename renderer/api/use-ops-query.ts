import { useCallback, useEffect, useRef, useState } from 'react';

import type { ApiError } from '../../src/contract/api-error';
import type { OpsClient } from '../../src/contract/client';
import { asApiError } from './as-api-error';
import { useOpsClient } from './ops-client';

export interface OpsQuery<T> {
  /** The last good answer: kept when a later fetch fails, so a dead backend still shows something. */
  data: T | undefined;
  /** When `data` arrived (this window's clock). */
  fetchedAt: number | null;
  /** The latest failure, cleared by the next success. */
  error: ApiError | null;
  errorAt: number | null;
  loading: boolean;
  refetch: () => void;
  /** Replace the data with a newer answer that arrived another way (an event, a write's response); loads in flight are dropped. */
  setData: (update: (current: T | undefined) => T) => void;
}

interface State<T> {
  data: T | undefined;
  fetchedAt: number | null;
  error: ApiError | null;
  errorAt: number | null;
  loading: boolean;
}

/**
 * Loads with `load` whenever `key` changes (null = don't load yet), every `refreshSeconds` if set,
 * and on `refetch()`. An answer to a superseded load is dropped, so a slow old range can never
 * overwrite a newer one.
 */
export function useOpsQuery<T>(
  key: string | null,
  load: (client: OpsClient) => Promise<T>,
  options: { refreshSeconds?: number } = {},
): OpsQuery<T> {
  const client = useOpsClient();
  const [state, setState] = useState<State<T>>({ data: undefined, fetchedAt: null, error: null, errorAt: null, loading: key !== null });
  const [nonce, setNonce] = useState(0);
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const generation = useRef(0);

  useEffect(() => {
    if (key === null) return;
    const mine = ++generation.current;
    // Unmounted or superseded (new key, refetch, pushed data): whatever this load brings back is stale.
    let superseded = false;
    const current = () => !superseded && mine === generation.current;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    latestLoad.current(client).then(
      (data) => {
        if (current()) setState({ data, fetchedAt: Date.now(), error: null, errorAt: null, loading: false });
      },
      (error: unknown) => {
        if (current()) setState((s) => ({ ...s, error: asApiError(error), errorAt: Date.now(), loading: false }));
      },
    );
    return () => {
      superseded = true;
    };
  }, [client, key, nonce]);

  const refreshSeconds = options.refreshSeconds ?? 0;
  useEffect(() => {
    if (key === null || refreshSeconds <= 0) return;
    const timer = setInterval(() => setNonce((n) => n + 1), refreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [key, refreshSeconds]);

  const refetch = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T) => {
    // Pushed data is newer than whatever a load already in flight snapshotted: drop that load.
    generation.current++;
    setState((s) => ({ data: update(s.data), fetchedAt: Date.now(), error: null, errorAt: null, loading: false }));
  }, []);

  return { ...state, refetch, setData };
}
