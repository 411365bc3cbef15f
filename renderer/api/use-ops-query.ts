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

export interface OpsQueryOptions<T = unknown> {
  refreshSeconds?: number;
  /**
   * True when `next` asks the same as `running`, only later (the window moved on to now). A load
   * still running then stays, and `next` is skipped: its answer would be nearly the same, and a
   * slow backend would otherwise get a new request every tick that it cannot finish either.
   */
  isRefreshOf?: (next: string, running: string) => boolean;
  /** An answer already in hand for the first key (the boot's): shown without asking again. */
  initial?: T | undefined;
}

interface State<T> {
  data: T | undefined;
  fetchedAt: number | null;
  error: ApiError | null;
  errorAt: number | null;
  loading: boolean;
}

interface Running {
  key: string;
  client: OpsClient;
  controller: AbortController;
}

/**
 * Loads with `load` whenever `key` changes (null = don't load yet), every `refreshSeconds` if set,
 * and on `refetch()`. At most one load is in flight: a new key or `refetch()` aborts the one
 * running (down to the backend call, where the bridge can), and a refresh tick while one runs
 * is skipped. An answer to a superseded load is dropped, so a slow old range can never
 * overwrite a newer one.
 */
export function useOpsQuery<T>(key: string | null, load: (client: OpsClient) => Promise<T>, options: OpsQueryOptions<T> = {}): OpsQuery<T> {
  const client = useOpsClient();
  const [state, setState] = useState<State<T>>({ data: undefined, fetchedAt: null, error: null, errorAt: null, loading: key !== null && options.initial === undefined });
  const [nonce, setNonce] = useState(0);
  const [tick, setTick] = useState(0);
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const latestIsRefreshOf = useRef(options.isRefreshOf);
  latestIsRefreshOf.current = options.isRefreshOf;
  const running = useRef<Running | null>(null);
  const lastNonce = useRef(nonce);
  const latestInitial = useRef(options.initial);
  latestInitial.current = options.initial;
  const hadKey = useRef(false);

  const stopRunning = useCallback(() => {
    running.current?.controller.abort();
    running.current = null;
  }, []);

  useEffect(() => {
    const asked = nonce !== lastNonce.current;
    lastNonce.current = nonce;
    if (key === null) return stopRunning();
    const first = !hadKey.current;
    hadKey.current = true;
    const initial = latestInitial.current;
    if (first && initial !== undefined) return setState({ data: initial, fetchedAt: Date.now(), error: null, errorAt: null, loading: false });
    const busy = running.current;
    if (busy && busy.client === client && !asked) {
      const sameQuery = busy.key === key;
      if (sameQuery || latestIsRefreshOf.current?.(key, busy.key)) return;
    }
    stopRunning();
    const controller = new AbortController();
    const mine: Running = { key, client, controller };
    running.current = mine;
    // Every request of this load carries its signal, so aborting it reaches the backend.
    const scoped: OpsClient = { request: (name, input, signal) => client.request(name, input, signal ?? controller.signal), on: (name, listener) => client.on(name, listener) };
    const current = () => running.current === mine && !controller.signal.aborted;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    latestLoad.current(scoped).then(
      (data) => {
        if (!current()) return;
        running.current = null;
        setState({ data, fetchedAt: Date.now(), error: null, errorAt: null, loading: false });
      },
      (error: unknown) => {
        if (!current()) return;
        running.current = null;
        setState((s) => ({ ...s, error: asApiError(error), errorAt: Date.now(), loading: false }));
      },
    );
  }, [client, key, nonce, tick, stopRunning]);

  // Unmounted: nobody wants the answer.
  useEffect(() => stopRunning, [stopRunning]);

  const refreshSeconds = options.refreshSeconds ?? 0;
  useEffect(() => {
    if (key === null || refreshSeconds <= 0) return;
    const timer = setInterval(() => setTick((n) => n + 1), refreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [key, refreshSeconds]);

  const refetch = useCallback(() => setNonce((n) => n + 1), []);
  // The boot's answer shows in the very render that first has a key, not one render later.
  const seeded = state.data === undefined && key !== null && !hadKey.current ? options.initial : undefined;
  const setData = useCallback(
    (update: (current: T | undefined) => T) => {
      // Pushed data is newer than whatever a load already in flight snapshotted: drop that load.
      stopRunning();
      setState((s) => ({ data: update(s.data), fetchedAt: Date.now(), error: null, errorAt: null, loading: false }));
    },
    [stopRunning],
  );

  return seeded === undefined ? { ...state, refetch, setData } : { ...state, data: seeded, fetchedAt: Date.now(), loading: false, refetch, setData };
}
