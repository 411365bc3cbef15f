import { memo } from 'react';

import type { LogLine } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatLogTime } from '../../lib/format-time';

export type LogRowProps = { line: LogLine; zone: TimeZone };

/** Text goes in as a React text node only: log lines are untrusted and may contain markup. */
export const LogRow = memo(function LogRow({ line, zone }: LogRowProps) {
  const level = line.level ?? 'none';
  return (
    <div className={`log-line level-${level}`} data-testid="log-line" data-seq={line.seq}>
      <span className="log-time">{line.at === null ? '' : formatLogTime(line.at, zone)}</span>
      <span className="log-level">{line.level ?? ''}</span>
      <span className="log-text">{line.text}</span>
    </div>
  );
});
