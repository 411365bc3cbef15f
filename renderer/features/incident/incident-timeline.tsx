import { useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Incident } from '../../../src/contract/incident-types';
import { asApiError } from '../../api/as-api-error';
import { useSettings } from '../../api/settings-context';
import { formatClock, formatDateTime } from '../../lib/format-time';
import { ErrorText } from '../../ui/error-text';
import { StaleNotice } from '../../ui/stale-notice';
import { useIncidentMode } from './incident-context';
import { IncidentExport } from './incident-export';
import { timelineRows } from './incident-markdown';
import { useIncidentMarkers } from './use-incident-markers';

export type IncidentTimelineProps = { incident: Incident };

/** The open incident: its deploys, flips, notes and recoveries in time order, a note field, export and end. */
export function IncidentTimeline({ incident }: IncidentTimelineProps) {
  const { store } = useIncidentMode();
  const { settings } = useSettings();
  const markers = useIncidentMarkers(incident);
  const rows = useMemo(() => timelineRows(incident, markers.data ?? []), [incident, markers.data]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [exporting, setExporting] = useState(false);
  const exportButton = useRef<HTMLButtonElement>(null);

  const addNote = (event: FormEvent) => {
    event.preventDefault();
    const text = note.trim();
    if (!text) return;
    setError(null);
    store
      .put({ id: `note-${Date.now().toString(36)}`, at: Date.now(), kind: 'note', text, who: null, link: null })
      .then(() => setNote(''))
      .catch((caught: unknown) => setError(asApiError(caught)));
  };

  return (
    <div className="incident-timeline" data-testid="incident-timeline" data-id={incident.id}>
      <div className="incident-timeline-head">
        <strong className="incident-name">{incident.name}</strong>
        <span className="muted">since {formatDateTime(incident.startedAt, settings.timeZone)}</span>
        <button ref={exportButton} type="button" className="button small" onClick={() => setExporting(true)}>
          Export Markdown
        </button>
        <button type="button" className="button small" onClick={() => void store.end(Date.now()).catch((caught: unknown) => setError(asApiError(caught)))}>
          End incident
        </button>
      </div>
      {markers.error && markers.errorAt !== null && <StaleNotice what="Deploys and flips" error={markers.error} errorAt={markers.errorAt} fetchedAt={markers.data ? markers.fetchedAt : null} />}
      <ol className="incident-rows" aria-label="Incident timeline">
        {rows.map((row, i) => (
          <li key={`${row.kind}:${row.at}:${i}`} className={`incident-row ${row.kind}`} data-testid="incident-row" data-kind={row.kind} data-at={row.at}>
            <time dateTime={new Date(row.at).toISOString()}>{formatClock(row.at, settings.timeZone)}</time>
            <span className="incident-row-kind">{row.kind}</span>
            {row.who && <span className="incident-row-who">{row.who}</span>}
            <span className="incident-row-text">{row.text}</span>
          </li>
        ))}
      </ol>
      <form className="incident-note" onSubmit={(event) => addNote(event)}>
        <input aria-label="Add a note to the incident" placeholder="Add a note (Enter)" value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
      </form>
      {error && <ErrorText error={error} prefix="Not saved" />}
      {exporting && (
        <IncidentExport
          incident={incident}
          markers={markers.data ?? []}
          zone={settings.timeZone}
          onClose={() => {
            setExporting(false);
            requestAnimationFrame(() => exportButton.current?.focus());
          }}
        />
      )}
    </div>
  );
}
