import { defaultRangeExtractor, measureElement, observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';

import type { LogLine, LogSourceInfo } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { LogRow } from './log-row';
import { useLogLineActions } from './logs-navigation';

/** One line of 12 px monospace; every unwrapped row is exactly this tall, so nothing is measured. */
export const ROW_PX = 18;
/**
 * Rows are keyed by slot, not by line: following a flood replaces every visible line each frame,
 * and a slot keeps its DOM nodes and only takes new text. More than a screen of rows ever drawn.
 */
const ROW_SLOTS = 512;
/** Where there is no layout (jsdom), a view the height of the logs panel on a laptop. */
const NO_LAYOUT_HEIGHT_PX = 540;

export type LogViewProps = {
  lines: readonly LogLine[];
  sources: ReadonlyMap<string, LogSourceInfo>;
  zone: TimeZone;
  ranges: (shown: string) => [number, number][];
  /** A filter is applied: an empty view then says that nothing matched, not that nothing came. */
  filtered: boolean;
  following: boolean;
  wrap: boolean;
  /** A row to bring to the middle (the first line at a moment picked on a graph). */
  anchor: number | null;
  /** The user scrolled up to read: stop following so the text stops moving under them. */
  onScrolledAway: () => void;
  onCopy: (line: LogLine) => void;
};

/**
 * Only the rows in view (and a few more) are in the DOM, whatever the window holds, and a row
 * turns ANSI into spans only when drawn: 1,000 new lines cost one frame (logs-performance.md).
 */
export function LogView({ lines, sources, zone, ranges, filtered, following, wrap, anchor, onScrolledAway, onCopy }: LogViewProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<LogLine | null>(null);
  // Rows are memoised: they get one select callback for good, which reads the latest lines.
  const shown = useRef(lines);
  shown.current = lines;
  const select = useCallback((index: number) => setSelected(shown.current[index] ?? null), []);
  const actions = useLogLineActions();
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
    // Following, the rows drawn are the last ones at once: waiting for the scroll to the end to
    // report back would draw the old rows first and the new ones a frame later.
    rangeExtractor: (range) =>
      following && range.count > 0
        ? defaultRangeExtractor({ ...range, startIndex: Math.max(0, range.count - 1 - (range.endIndex - range.startIndex)), endIndex: range.count - 1 })
        : defaultRangeExtractor(range),
    observeElementRect: (instance, callback) =>
      observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : { width: rect.width, height: NO_LAYOUT_HEIGHT_PX })),
    // Wrapped rows differ in height and are measured; unwrapped ones never are.
    measureElement: (element, entry, instance) => (wrap ? measureElement(element, entry, instance) || ROW_PX : ROW_PX),
  });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (following && el) el.scrollTop = el.scrollHeight;
  }, [lines, following]);

  useEffect(() => {
    if (anchor !== null) virtualizer.scrollToIndex(anchor, { align: 'center' });
  }, [anchor, virtualizer]);

  useEffect(() => virtualizer.measure(), [wrap, virtualizer]);

  // Only the user scrolling up pauses: rows growing (wrapped, measured) move the end away too,
  // and then the view simply follows it again.
  const lastTop = useRef(0);
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const up = el.scrollTop < lastTop.current - 1;
    lastTop.current = el.scrollTop;
    if (!following) return;
    const fromEnd = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (up && fromEnd > 2 * ROW_PX) onScrolledAway();
    else if (fromEnd > 1) el.scrollTop = el.scrollHeight;
  };

  const selectedIndex = selected ? lines.indexOf(selected) : -1;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const copyKey = event.key === 'c' && !event.altKey && (event.ctrlKey || event.metaKey ? !window.getSelection()?.toString() : true);
    if (copyKey && selected) {
      event.preventDefault();
      onCopy(selected);
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && lines.length > 0) {
      event.preventDefault();
      const next = Math.min(lines.length - 1, Math.max(0, selectedIndex + (event.key === 'ArrowDown' ? 1 : -1)));
      setSelected(lines[next]!);
      virtualizer.scrollToIndex(next);
    }
  };

  return (
    <div
      ref={scroller}
      className={`log-view${wrap ? ' wrap' : ''}`}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      role="log"
      aria-live="off"
      aria-label="Log lines"
      tabIndex={0}
    >
      {lines.length === 0 && <p className="muted">{filtered ? 'No line matches the filter yet.' : 'No lines yet.'}</p>}
      <div className="log-rows" role="table" aria-rowcount={lines.length} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index]!;
          return (
            <LogRow
              key={item.index % ROW_SLOTS}
              line={line}
              source={sources.get(line.sourceId)}
              zone={zone}
              ranges={ranges}
              selected={line === selected}
              top={item.start}
              index={item.index}
              onSelect={select}
              onCopy={onCopy}
              actions={actions}
              measure={wrap ? virtualizer.measureElement : undefined}
            />
          );
        })}
      </div>
    </div>
  );
}
