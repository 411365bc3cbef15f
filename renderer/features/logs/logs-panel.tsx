import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { isPartOf } from '../../../src/contract/log-source-id';
import type { LogLine } from '../../../src/contract/wire-types';
import { useSettings } from '../../api/settings-context';
import { formatDateTime } from '../../lib/format-time';
import { ErrorText } from '../../ui/error-text';
import { Panel } from '../../ui/panel';
import { StaleNotice } from '../../ui/stale-notice';
import { copiedMessage, COPY_FORM, downloadLines, lineAsText } from './line-text';
import { LogFilterBox } from './log-filter-box';
import { LogView } from './log-view';
import { useLogsOpenRequests } from './logs-navigation';
import { SourcePicker } from './source-picker';
import { SourceStatus } from './source-status';
import { useHeldView } from './use-held-view';
import { useLiveLines } from './use-live-lines';
import { useLogFilter } from './use-log-filter';
import { groupByService, useLogSources } from './use-log-sources';

/**
 * Read-only live tail of several sources merged by time. Paused, the view holds still and counts
 * what arrived meanwhile; a moment picked on a graph shows the lines around it.
 */
export function LogsPanel() {
  const { settings } = useSettings();
  const zone = settings.timeZone;
  const { sources, byId, error: sourcesError, trustHostKey, trustError } = useLogSources();
  const [picked, setPicked] = useState<ReadonlySet<string> | null>(null);
  // Until the user picks, the first service's sources; a source gone after a backend change drops
  // out, and a journal picked before its hosts showed up stands for its hosts.
  const pickedIds = useMemo(() => {
    const all = sources ?? [];
    const chosen = picked ? all.filter((e) => [...picked].some((id) => isPartOf(e.source.id, id))) : (groupByService(all)[0]?.[1] ?? []);
    return chosen.map((e) => e.source.id);
  }, [sources, picked]);
  const filter = useLogFilter();
  const live = useLiveLines(pickedIds, filter.applied, filter.compiled);
  const { held, newCount, pause, resume, openAround, aroundError } = useHeldView(live);
  const [wrap, setWrap] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  useLogsOpenRequests(({ service, sourceIds, at, reveal = true }) => {
    const known = (sources ?? []).map((e) => e.source.id);
    const ids = sourceIds
      ? known.filter((id) => sourceIds.some((asked) => isPartOf(id, asked)))
      : service === null
        ? pickedIds
        : (sources ?? []).filter((e) => e.source.service === service).map((e) => e.source.id);
    if (ids.length === 0) return;
    setPicked(new Set(ids));
    if (at === null) resume();
    else openAround({ service, at }, ids, filter.applied);
    if (reveal) panel.current?.scrollIntoView?.({ block: 'nearest' });
  });

  // Another filter while looking at a moment: ask for that moment's lines again, through the new filter.
  const heldAround = useRef(held?.around);
  heldAround.current = held?.around;
  useEffect(() => {
    const around = heldAround.current;
    if (around) openAround(around, pickedIds, filter.applied);
    // Only a change of filter asks again; the moment and its sources are the ones already shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter.applied]);

  const following = held === null;
  const shown = held?.window.lines ?? live.window.lines;
  const say = useCallback((message: string) => {
    setCopied(message);
    setTimeout(() => setCopied((shown) => (shown === message ? null : shown)), 2_000);
  }, []);
  const onCopy = useCallback(
    (line: LogLine) => {
      const text = lineAsText(line, byId.get(line.sourceId));
      if (!navigator.clipboard) return say('No clipboard here: select the text instead');
      navigator.clipboard.writeText(text).then(
        () => say(copiedMessage(line)),
        () => say('The clipboard refused the line (no permission)'),
      );
    },
    [byId, say],
  );
  const onExport = () => {
    downloadLines(shown, byId);
    say(`Exported ${shown.length} ${shown.length === 1 ? 'row' : 'rows'}: ${COPY_FORM}`);
  };
  const pickedStatuses = (sources ?? []).filter((e) => pickedIds.includes(e.source.id) && e.status.state !== 'live' && e.status.state !== 'connecting');

  return (
    <Panel
      title="Logs"
      className="logs-panel"
      actions={
        <>
          {sources && <SourcePicker sources={sources} picked={new Set(pickedIds)} onChange={setPicked} />}
          {!following && newCount > 0 && (
            <button type="button" className="button new-lines" onClick={resume}>
              {newCount} new lines
            </button>
          )}
          <button type="button" className={`button ${following ? 'active' : ''}`} aria-pressed={following} onClick={following ? pause : resume}>
            {following ? 'Following' : 'Paused'}
          </button>
          <button type="button" className={`button ${wrap ? 'active' : ''}`} aria-pressed={wrap} onClick={() => setWrap((w) => !w)} title="Wrap long lines">
            Wrap
          </button>
          <button type="button" className="button" onClick={onExport} disabled={shown.length === 0} title={`Save the lines shown, as filtered, to a .log file: ${COPY_FORM}`}>
            Export
          </button>
        </>
      }
    >
      <div ref={panel} className="logs-body">
        <LogFilterBox filter={filter.draft} onChange={filter.setDraft} error={filter.error} />
        {sourcesError && !sources && <ErrorText error={sourcesError} prefix="Log sources" />}
        {sources?.length === 0 && (
          <p className="not-configured" data-testid="not-configured" role="status">
            No log source is configured — add one in Settings → Backends, or in the config file.
          </p>
        )}
        {pickedStatuses.map(({ source, status }) => (
          <SourceStatus
            key={source.id}
            source={source}
            status={status}
            zone={zone}
            onTrust={trustHostKey}
            trustError={trustError?.sourceId === source.id ? trustError.error.message : null}
          />
        ))}
        {held?.around && (
          <p className="log-around" data-testid="log-around" data-at={held.around.at} data-service={held.around.service ?? undefined} role="status">
            {`Lines around ${formatDateTime(held.around.at, zone)}${held.around.service ? ` for ${held.around.service}` : ''}`}
            {held.around.note ? ` (${held.around.note})` : ''}
            <button type="button" className="link-button" onClick={resume}>
              Back to live
            </button>
          </p>
        )}
        {aroundError && <ErrorText error={aroundError} prefix="Lines at that moment" />}
        {live.error && <StaleNotice what="Log lines" error={live.error.error} errorAt={live.error.at} fetchedAt={live.fetchedAt} />}
        {copied && (
          <p className="muted log-copied" role="status">
            {copied}
          </p>
        )}
        <LogView
          lines={shown}
          sources={byId}
          zone={zone}
          ranges={filter.ranges}
          filtered={filter.applied !== null}
          following={following}
          wrap={wrap}
          anchor={held?.anchor ?? null}
          onScrolledAway={pause}
          onCopy={onCopy}
        />
      </div>
    </Panel>
  );
}
