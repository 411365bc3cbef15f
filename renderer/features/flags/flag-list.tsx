import { measureElement, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

import type { Flag } from '../../../src/contract/wire-types';
import { FlagRow } from './flag-row';
import type { FlagRowActions } from './flag-row';
import type { Confirming, FlipProblem, FocusRequest } from './use-flips';

export type FlagListProps = {
  flags: readonly Flag[];
  environments: readonly string[];
  pinned: ReadonlySet<string>;
  /** Flags flipped near the time cursor, with how near. */
  nearCursor: ReadonlyMap<string, string>;
  selected: ReadonlySet<string>;
  confirming: Confirming | null;
  pending: ReadonlyMap<string, string>;
  problems: ReadonlyMap<string, FlipProblem>;
  readOnly: string | null;
  focusRequest: FocusRequest | null;
  actions: FlagRowActions;
};

/** A row without its confirm step: key, description and switches. Rows are measured, so this is only the first guess. */
const ROW_ESTIMATE_PX = 46;
/** Where there is no layout (jsdom), a list the height of a laptop's switchboard. */
const NO_LAYOUT_HEIGHT_PX = 480;

/**
 * Only the rows in view (plus a few) are in the DOM: 300 flags with their switches and timers
 * would make every keystroke in the search re-render hundreds of rows. Rows are measured as they
 * render, so one with its guard open simply takes more room.
 */
export function FlagList({ flags, environments, pinned, nearCursor, selected, confirming, pending, problems, readOnly, focusRequest, actions }: FlagListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: flags.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    getItemKey: (index) => flags[index]?.key ?? index,
    overscan: 6,
    // Without layout every size reads 0: the list would render nothing (no height) or everything
    // (rows of no height). Fall back to the guesses, as useElementWidth does for the charts.
    observeElementRect: (instance, callback) =>
      observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : { width: rect.width, height: NO_LAYOUT_HEIGHT_PX })),
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || ROW_ESTIMATE_PX,
  });
  useReturnFocus(focusRequest, flags, scroller, (index) => virtualizer.scrollToIndex(index));
  const columns = { gridTemplateColumns: `52px minmax(0, 1fr) 86px repeat(${environments.length}, 112px) 116px` };

  return (
    <div className="flag-list" role="table" aria-label="Feature flags" aria-rowcount={flags.length + 1}>
      <div role="rowgroup" className="flag-list-head">
        <div role="row" aria-rowindex={1} className="flag-cells" style={columns}>
          <div role="columnheader" aria-label="Select and pin" />
          <div role="columnheader">Flag</div>
          <div role="columnheader">Type</div>
          {environments.map((env) => (
            <div role="columnheader" key={env} className="env-col">
              {env}
            </div>
          ))}
          <div role="columnheader">Updated</div>
        </div>
      </div>
      <div ref={scroller} className="flag-list-scroller" tabIndex={-1}>
        <div role="rowgroup" className="flag-list-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const flag = flags[item.index]!;
            return (
              <FlagRow
                key={item.key}
                ref={virtualizer.measureElement}
                index={item.index}
                style={{ transform: `translateY(${item.start}px)` }}
                columns={columns}
                flag={flag}
                environments={environments}
                pinned={pinned.has(flag.key)}
                nearCursor={nearCursor.get(flag.key) ?? null}
                selected={selected.has(flag.key)}
                confirming={confirming?.key === flag.key ? confirming : null}
                pending={pending.get(flag.key) ?? null}
                problem={problems.get(flag.key) ?? null}
                readOnly={readOnly}
                actions={actions}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** After the guard closes, focus goes back to the switch it was opened from, scrolling its row into view if it left. */
function useReturnFocus(request: FocusRequest | null, flags: readonly Flag[], scroller: RefObject<HTMLDivElement | null>, scrollTo: (index: number) => void) {
  const latest = useRef({ flags, scrollTo });
  latest.current = { flags, scrollTo };
  useEffect(() => {
    if (!request) return;
    // Compared as data, not put into a selector: a flag key may hold any character.
    const find = () =>
      [...(scroller.current?.querySelectorAll<HTMLElement>('[role="switch"]') ?? [])].find(
        (s) => s.dataset.env === request.environment && s.closest<HTMLElement>('[data-testid="flag-row"]')?.dataset.key === request.key,
      );
    const found = find();
    if (found) return found.focus();
    const index = latest.current.flags.findIndex((f) => f.key === request.key);
    if (index < 0) return;
    latest.current.scrollTo(index);
    const frame = requestAnimationFrame(() => find()?.focus());
    return () => cancelAnimationFrame(frame);
  }, [request, scroller]);
}
