import { useLayoutEffect, useRef } from 'react';

import type { LogLine } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { LogRow } from './log-row';

export type LogViewProps = {
  lines: readonly LogLine[];
  following: boolean;
  zone: TimeZone;
  /** The user scrolled up to read: stop following so the text stops moving under them. */
  onScrolledAway: () => void;
};

export function LogView({ lines, following, zone, onScrolledAway }: LogViewProps) {
  const box = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const el = box.current;
    if (following && el) el.scrollTop = el.scrollHeight;
  }, [lines, following]);

  const onScroll = () => {
    const el = box.current;
    if (!el || !following) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight > 40) onScrolledAway();
  };

  return (
    <div ref={box} className="log-view" onScroll={onScroll} role="log" aria-live="off" tabIndex={0}>
      {lines.length === 0 && <p className="muted">No lines yet.</p>}
      {lines.map((line) => (
        <LogRow key={line.seq} line={line} zone={zone} />
      ))}
    </div>
  );
}
