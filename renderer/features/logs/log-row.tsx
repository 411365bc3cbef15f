import { memo } from 'react';

import type { LogLine, LogSourceInfo } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatClock, formatLogTime } from '../../lib/format-time';
import { COPY_FORM } from './line-text';
import { LogText } from './log-text';
import type { LogLineAction } from './logs-navigation';

export type LogRowProps = {
  line: LogLine;
  source: LogSourceInfo | undefined;
  zone: TimeZone;
  ranges: (shown: string) => [number, number][];
  selected: boolean;
  /** Where the virtual list puts the row, in px from the top. */
  top: number;
  index: number;
  onSelect: (index: number) => void;
  onCopy: (line: LogLine) => void;
  actions: readonly LogLineAction[];
  measure?: (element: HTMLElement | null) => void;
};

/** One line, or one gap: where lines could not be read, said in words, never skipped silently. */
export const LogRow = memo(function LogRow({ line, source, zone, ranges, selected, top, index, onSelect, onCopy, actions, measure }: LogRowProps) {
  const style = { transform: `translateY(${top}px)` };
  if (line.gap) {
    const { from, until } = line.gap;
    const span = from !== null && until !== null ? ` ${formatClock(from, zone)}–${formatClock(until, zone)}` : '';
    return (
      <div ref={measure} className="log-gap" data-testid="log-gap" data-index={index} style={style} role="row">
        <span className="log-gap-text">{`gap${span}, ${line.gap.reason}`}</span>
        {source && <span className="log-source">{`${source.host} · ${source.name}`}</span>}
      </div>
    );
  }
  const level = line.level ?? 'none';
  return (
    <div
      ref={measure}
      className={`log-line level-${level}${selected ? ' selected' : ''}`}
      data-testid="log-line"
      data-seq={line.seq}
      data-source={line.sourceId}
      data-at={line.at ?? undefined}
      data-index={index}
      style={style}
      role="row"
      aria-selected={selected}
      onClick={() => onSelect(index)}
    >
      <span className="log-time">{line.at === null ? '' : formatLogTime(line.at, zone)}</span>
      <span className="log-level">{line.level ?? ''}</span>
      {source && <span className="log-source" title={`${source.service}: ${source.path}`}>{`${source.host} · ${source.name}`}</span>}
      <LogText text={line.text} truncatedFrom={line.truncatedFrom} ranges={ranges} />
      <span className="log-row-actions">
        <button type="button" className="icon-button" aria-label="Copy line" title={`Copy this line (c): ${COPY_FORM}`} onClick={() => onCopy(line)}>
          Copy
        </button>
        {actions.map((action) => (
          <button key={action.id} type="button" className="icon-button" onClick={() => action.run(line, source)}>
            {action.label}
          </button>
        ))}
      </span>
    </div>
  );
});
