import { useState } from 'react';

import type { LogLine, LogSourceInfo } from '../../../src/contract/wire-types';
import { useSettings } from '../../api/settings-context';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { Panel } from '../../ui/panel';
import { StaleNotice } from '../../ui/stale-notice';
import { LogView } from './log-view';
import { useLogTail } from './use-log-tail';

/** Read-only live tail. Paused, the view freezes and counts what arrived meanwhile. */
export function LogsPanel() {
  const { settings } = useSettings();
  const sources = useOpsQuery<LogSourceInfo[]>('log-sources', (c) => c.request('logs.sources', {}));
  const [picked, setPicked] = useState<string | null>(null);
  const sourceId = picked ?? sources.data?.[0]?.id ?? null;
  const tail = useLogTail(sourceId);
  const [frozen, setFrozen] = useState<readonly LogLine[] | null>(null);

  const following = frozen === null;
  const shown = frozen ?? tail.lines;
  const newCount = frozen === null ? 0 : countNewer(tail.lines, frozen);

  return (
    <Panel
      title="Logs"
      className="logs-panel"
      actions={
        <>
          <select
            aria-label="Log source"
            value={sourceId ?? ''}
            onChange={(e) => {
              setPicked(e.target.value);
              setFrozen(null);
            }}
          >
            {sources.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.host} · {s.service} · {s.name}
              </option>
            ))}
          </select>
          {!following && newCount > 0 && (
            <button type="button" className="button new-lines" onClick={() => setFrozen(null)}>
              {newCount} new lines
            </button>
          )}
          <button
            type="button"
            className={`button ${following ? 'active' : ''}`}
            aria-pressed={following}
            onClick={() => setFrozen(following ? tail.lines : null)}
          >
            {following ? 'Following' : 'Paused'}
          </button>
        </>
      }
    >
      {sources.error && !sources.data && <ErrorText error={sources.error} prefix="Log sources" />}
      {tail.error && <StaleNotice what="Log tail" error={tail.error.error} errorAt={tail.error.at} fetchedAt={tail.tailedAt} />}
      <LogView lines={shown} following={following} zone={settings.timeZone} onScrolledAway={() => setFrozen(tail.lines)} />
    </Panel>
  );
}

function countNewer(lines: readonly LogLine[], frozen: readonly LogLine[]): number {
  const lastSeq = frozen.length ? frozen[frozen.length - 1]!.seq : -1;
  let n = 0;
  for (let i = lines.length - 1; i >= 0 && lines[i]!.seq > lastSeq; i--) n++;
  return n;
}
