import { measureElement, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Flag } from '../../../src/contract/wire-types';
import { FlagRow } from './flag-row';
import type { Confirming } from './use-flips';

export type FlagListProps = {
  flags: readonly Flag[];
  environments: readonly string[];
  confirming: Confirming | null;
  pending: ReadonlyMap<string, string>;
  errors: ReadonlyMap<string, ApiError>;
  onToggle: (key: string, environment: string) => void;
  onConfirm: (flag: Flag, environment: string, reason: string) => void;
  onCancel: () => void;
};

/** A row without its confirm step: key, description and switches. Rows are measured, so this is only the first guess. */
const ROW_ESTIMATE_PX = 46;
/** Where there is no layout (jsdom), a list the height of a laptop's switchboard. */
const NO_LAYOUT_HEIGHT_PX = 480;

/**
 * Only the rows in view (plus a few) are in the DOM: 300 flags with their switches and timers
 * would make every keystroke in the search re-render hundreds of rows. Rows are measured as they
 * render, so one with its confirm step open simply takes more room.
 */
export function FlagList({ flags, environments, confirming, pending, errors, onToggle, onConfirm, onCancel }: FlagListProps) {
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
  const columns = { gridTemplateColumns: `minmax(0, 1fr) 86px repeat(${environments.length}, 92px) 116px` };

  return (
    <div className="flag-list" role="table" aria-label="Feature flags" aria-rowcount={flags.length + 1}>
      <div role="rowgroup" className="flag-list-head">
        <div role="row" aria-rowindex={1} className="flag-cells" style={columns}>
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
                confirming={confirming?.key === flag.key ? confirming.environment : null}
                pending={pending.get(flag.key) ?? null}
                error={errors.get(flag.key) ?? null}
                onToggle={onToggle}
                onConfirm={onConfirm}
                onCancel={onCancel}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
