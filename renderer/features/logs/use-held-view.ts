import { useCallback, useEffect, useRef, useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { LogFilter } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { addLines, emptyWindow } from './log-window';
import type { LogWindow } from './log-window';
import type { LiveLines } from './use-live-lines';
import { VIEW_CAP } from './use-live-lines';

/** Lines fetched on each side of a moment picked on a graph. */
export const AROUND_LINES = 500;

/** What the view holds still on instead of the live tail: a paused snapshot, or the lines around a moment. */
export type HeldView = {
  window: LogWindow;
  /** The live window's generation and count when the view was held: "N new lines" counts from there. */
  generation: number;
  addedAt: number;
  /** Around a moment: the row to scroll to (the first at or after it), and what was asked for. */
  anchor: number | null;
  around: { service: string | null; at: number; note: string | null } | null;
};

/**
 * Pause and jump-to-time. Paused, the view shows a snapshot while the live window keeps filling
 * and the count of new lines grows; resuming drops the snapshot and the view jumps to the end.
 */
export function useHeldView(live: LiveLines) {
  const client = useOpsClient();
  const [held, setHeld] = useState<HeldView | null>(null);
  const [aroundError, setAroundError] = useState<ApiError | null>(null);
  const request = useRef<AbortController | null>(null);

  const pause = useCallback(() => {
    setHeld((h) => h ?? { window: live.window, generation: live.generation, addedAt: live.window.added, anchor: null, around: null });
  }, [live.window, live.generation]);

  const resume = useCallback(() => {
    request.current?.abort();
    setAroundError(null);
    setHeld(null);
  }, []);

  // Other sources or another filter start a new tail: a plain pause of the old one means nothing now.
  useEffect(() => setHeld((h) => (h && h.around === null && h.generation !== live.generation ? null : h)), [live.generation]);

  const openAround = useCallback(
    (target: { service: string | null; at: number }, sourceIds: readonly string[], filter: LogFilter | null) => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      setAroundError(null);
      const input = { sourceIds: [...sourceIds], at: target.at, before: AROUND_LINES, after: AROUND_LINES, filter };
      client.request('logs.around', input, controller.signal).then(
        ({ lines, anchor, note }) => {
          if (controller.signal.aborted) return;
          const window = addLines(emptyWindow(), lines, VIEW_CAP);
          // The window sorts by time as the core does, so the anchor's line is found again by identity.
          const anchorLine = lines[anchor];
          const row = anchorLine ? window.lines.indexOf(anchorLine) : window.lines.length - 1;
          setHeld({ window, generation: live.generation, addedAt: live.window.added, anchor: Math.max(0, row), around: { service: target.service, at: target.at, note } });
        },
        (cause: unknown) => {
          if (!controller.signal.aborted) setAroundError(asApiError(cause));
        },
      );
    },
    [client, live.generation, live.window.added],
  );

  // Held on an older generation (the sources changed for a moment's lines): count what arrived live since its first answer.
  const newCount = held === null ? 0 : held.generation === live.generation ? live.window.added - held.addedAt : Math.max(0, live.window.added - live.baseline);
  return { held, newCount, pause, resume, openAround, aroundError };
}
