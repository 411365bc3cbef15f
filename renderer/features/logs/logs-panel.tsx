import { useMemo, useState } from 'react';

import type { LogLine, LogSourceInfo } from '../../../src/contract/wire-types';
import { useCatalog } from '../../api/catalog-context';
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
  const { version } = useCatalog();
  const sources = useOpsQuery<LogSourceInfo[]>(`log-sources|${version}`, (c) => c.request('logs.sources', {}));
  const groups = useMemo(() => groupByService(sources.data ?? []), [sources.data]);
  const [picked, setPicked] = useState<string | null>(null);
  // The picked source may be gone after a backend change: fall back to the first in the picker.
  const sourceId = sources.data?.find((s) => s.id === picked)?.id ?? groups[0]?.[1][0]?.id ?? null;
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
            {groups.map(([service, inService]) => (
              <optgroup key={service} label={service}>
                {inService.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.host} · {s.name}
                  </option>
                ))}
              </optgroup>
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
      {sources.data?.length === 0 && (
        <p className="not-configured" data-testid="not-configured" role="status">
          No log source is configured — add one in Settings → Backends, or in the config file.
        </p>
      )}
      {tail.error && <StaleNotice what="Log tail" error={tail.error.error} errorAt={tail.error.at} fetchedAt={tail.tailedAt} />}
      <LogView lines={shown} following={following} zone={settings.timeZone} onScrolledAway={() => setFrozen(tail.lines)} />
    </Panel>
  );
}

/** Sources by service, services and hosts in alphabetical order: nine hosts are easier to find that way. */
function groupByService(sources: readonly LogSourceInfo[]): [string, LogSourceInfo[]][] {
  const byService = new Map<string, LogSourceInfo[]>();
  for (const source of sources) byService.set(source.service, [...(byService.get(source.service) ?? []), source]);
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, list]) => [service, list.sort((a, b) => a.host.localeCompare(b.host, undefined, { numeric: true }))]);
}

function countNewer(lines: readonly LogLine[], frozen: readonly LogLine[]): number {
  const lastSeq = frozen.length ? frozen[frozen.length - 1]!.seq : -1;
  let n = 0;
  for (let i = lines.length - 1; i >= 0 && lines[i]!.seq > lastSeq; i--) n++;
  return n;
}
