import { useCallback, useEffect, useRef, useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { LogLine } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient, useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { mergeLogLines } from '../../lib/log-lines';

/** Lines loaded when a source is opened or the stream reconnects. */
export const TAIL_LIMIT = 1_000;
/** Until the virtualised viewer lands, more rows than this make the DOM sluggish. */
export const MAX_LINES = 10_000;

/**
 * The live tail of one source: recent lines first, then `logs.lines` events. Every batch is merged
 * by seq, so the re-tail after a reconnect (and events racing the first tail) never show a line twice.
 */
export function useLogTail(sourceId: string | null) {
  const client = useOpsClient();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<{ error: ApiError; at: number } | null>(null);
  const [tailedAt, setTailedAt] = useState<number | null>(null);
  const current = useRef(sourceId);
  current.current = sourceId;

  const add = useCallback((source: string, incoming: LogLine[]) => {
    // A late answer for the source the user just left must not leak into the new one.
    if (source !== current.current) return;
    setLines((shown) => mergeLogLines(shown, incoming, MAX_LINES));
  }, []);

  const tail = useCallback(() => {
    if (sourceId === null) return;
    client.request('logs.tail', { sourceId, limit: TAIL_LIMIT }).then(
      (recent) => {
        add(sourceId, recent);
        setError(null);
        setTailedAt(Date.now());
      },
      (cause: unknown) => {
        if (sourceId === current.current) setError({ error: asApiError(cause), at: Date.now() });
      },
    );
  }, [client, sourceId, add]);

  useEffect(() => {
    setLines([]);
    setError(null);
    setTailedAt(null);
    tail();
  }, [tail]);

  useOpsEvent('logs.lines', ({ sourceId: source, lines: incoming }) => add(source, incoming));
  // Whatever was sent while the stream was down is only in the core's buffer now.
  useReconnect(tail);

  return { lines, error, tailedAt, retry: tail };
}
