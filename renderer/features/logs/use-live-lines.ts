import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

import type { ApiError } from '../../../src/contract/api-error';
import type { CompiledLogFilter } from '../../../src/contract/log-filter';
import type { RequestInput } from '../../../src/contract/requests';
import type { LogFilter, LogLine } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient, useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { addLines, emptyWindow } from './log-window';
import type { LogWindow } from './log-window';

/** Lines the view holds at most; older ones fall off the top (the core's ring buffers keep more). */
export const VIEW_CAP = 50_000;
/** Lines asked for when sources or the filter change, or the event stream comes back. */
export const QUERY_LIMIT = 5_000;

export type LiveLines = {
  window: LogWindow;
  error: { error: ApiError; at: number } | null;
  loading: boolean;
  /** Bumped whenever the window starts over (other sources, another filter). */
  generation: number;
  /** `window.added` once the first answer of this generation was drawn: lines past it arrived live. */
  baseline: number;
  /** When the core last answered a query (this window's clock). */
  fetchedAt: number | null;
};

/**
 * The live tail of the picked sources through `filter`: the newest matches from `logs.query`,
 * then `logs.lines` events filtered here with the same compiled filter as the core's, merged by
 * time, each line once. Events are gathered and drawn once per frame, so a flood of small
 * batches costs one render a frame, not one per batch.
 */
export function useLiveLines(sourceIds: readonly string[], filter: LogFilter | null, compiled: CompiledLogFilter): LiveLines {
  const client = useOpsClient();
  const key = useMemo(() => JSON.stringify([[...sourceIds].sort(), filter]), [sourceIds, filter]);
  const wanted = useMemo(() => new Set(sourceIds), [sourceIds]);
  const [state, setState] = useState<LiveLines>({ window: emptyWindow(), error: null, loading: false, generation: 0, baseline: 0, fetchedAt: null });
  // The window lives in a ref as well: adding mutates its key set, which must happen exactly once
  // per batch (never inside a state updater that React may run twice).
  const live = useRef<LogWindow>(state.window);
  /** Lines waiting for the next frame: answers to a query, and lines that arrived live. */
  const pending = useRef<{ asked: LogLine[]; arrived: LogLine[] }>({ asked: [], arrived: [] });
  const frame = useRef<number | null>(null);
  const firstAnswer = useRef(false);

  const flush = useCallback(() => {
    frame.current = null;
    const { asked, arrived } = pending.current;
    pending.current = { asked: [], arrived: [] };
    // What is on screen now: a line arriving live more than LATE_AFTER_MS before its end came late.
    const drawnUntil = live.current.times.at(-1) ?? null;
    live.current = addLines(live.current, asked, VIEW_CAP);
    live.current = addLines(live.current, arrived, VIEW_CAP, drawnUntil);
    const settled = firstAnswer.current;
    firstAnswer.current = false;
    // Drawn inside this frame's callback, so the lines are painted in this frame, not the next.
    flushSync(() => setState((s) => ({ ...s, window: live.current, baseline: settled ? live.current.added : s.baseline })));
  }, []);

  const push = useCallback(
    (lines: readonly LogLine[], how: 'asked' | 'arrived') => {
      const waiting = pending.current[how];
      for (const line of lines) waiting.push(line);
      // A hidden tab gets no frames: keep what is waiting within what the view could hold anyway.
      if (waiting.length > 2 * VIEW_CAP) pending.current[how] = waiting.slice(-VIEW_CAP);
      frame.current ??= nextFrame(flush);
    },
    [flush],
  );

  const load = useCallback(
    async (signal: AbortSignal, first: boolean) => {
      if (sourceIds.length === 0 || !compiled.ok) return;
      setState((s) => ({ ...s, loading: true }));
      // After a reconnect, more may have arrived than one answer holds: page back until the
      // answers reach what the view already has (or the view is full), so nothing is skipped.
      const held = live.current.times.at(-1) ?? null;
      let until: number | null = null;
      let fetched = 0;
      try {
        for (;;) {
          const input: RequestInput<'logs.query'> = { sourceIds: [...sourceIds], filter, until, limit: QUERY_LIMIT };
          const { lines }: { lines: LogLine[] } = await client.request('logs.query', input, signal);
          if (signal.aborted) return;
          firstAnswer.current ||= first;
          push(lines, 'asked');
          fetched += lines.length;
          const oldest: number | null = lines[0]?.at ?? null;
          const reached = first || held === null || oldest === null || oldest <= held || lines.length < QUERY_LIMIT;
          // The same moment again (more lines in one millisecond than one answer) would ask forever.
          if (reached || fetched >= VIEW_CAP || oldest === until) break;
          until = oldest;
        }
        setState((s) => ({ ...s, error: null, loading: false, fetchedAt: Date.now() }));
      } catch (cause) {
        if (!signal.aborted) setState((s) => ({ ...s, error: { error: asApiError(cause), at: Date.now() }, loading: false }));
      }
    },
    // `key` stands for sourceIds and filter by value; `compiled` follows `filter`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, key],
  );

  const controller = useRef<AbortController | null>(null);
  const reload = useCallback(
    (first = false) => {
      controller.current?.abort();
      controller.current = new AbortController();
      void load(controller.current.signal, first);
    },
    [load],
  );

  useEffect(() => {
    // Other sources or another filter: start over, and drop what was waiting for the old ones.
    live.current = emptyWindow();
    pending.current = { asked: [], arrived: [] };
    setState((s) => ({ window: live.current, error: null, loading: false, generation: s.generation + 1, baseline: 0, fetchedAt: null }));
    reload(true);
    return () => controller.current?.abort();
  }, [reload]);

  useEffect(() => () => cancelFrame(frame.current), []);

  useOpsEvent('logs.lines', ({ sourceId, lines }) => {
    if (!wanted.has(sourceId) || !compiled.ok) return;
    // Gap rows always pass: a loss is never filtered out of sight.
    push(compiled.active ? lines.filter((line) => line.gap !== null || compiled.matches(line.text, line.level)) : lines, 'arrived');
  });
  // Lines sent while the stream was down are only in the core's buffers: ask again and merge;
  // the window drops every line it already holds.
  useReconnect(() => reload());

  return state;
}

function nextFrame(run: () => void): number {
  return typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : setTimeout(run, 16);
}

function cancelFrame(id: number | null) {
  if (id === null) return;
  if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(id);
  else clearTimeout(id);
}
