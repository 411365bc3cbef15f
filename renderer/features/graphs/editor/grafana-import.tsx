import { useState } from 'react';
import type { ChangeEvent } from 'react';

import type { DashboardDefinition, DashboardEntry } from '../../../../src/contract/backend-definitions';
import type { RequestOutput } from '../../../../src/contract/requests';
import { useOpsClient } from '../../../api/ops-client';
import { formatMinutes } from '../../../lib/format-time';
import { ErrorText } from '../../../ui/error-text';
import { useBusyAction } from './use-busy-action';

export type GrafanaImportProps = {
  /** The dashboards listed now: an import with one of their ids would replace it (or be refused, for the config file's). */
  existing: readonly DashboardEntry[];
  onSaved: (entry: DashboardEntry) => void;
  /** Opens the editor on the imported dashboard, unsaved. */
  onEdit: (dashboard: DashboardDefinition) => void;
  onCancel: () => void;
};

const MAX_BYTES = 2 * 1024 * 1024;

/** What the dashboard opens with, said before it is saved: its range, refresh and marker filter. */
function opensWith(dashboard: DashboardDefinition): string {
  const d = dashboard.defaults;
  const range =
    d?.from !== undefined && d.until !== undefined
      ? `${new Date(d.from).toISOString().slice(0, 16).replace('T', ' ')}–${new Date(d.until).toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : d?.rangeMinutes !== undefined
        ? `the last ${formatMinutes(d.rangeMinutes)}`
        : 'the range last picked';
  const refresh = d?.refreshSeconds === undefined ? '' : d.refreshSeconds === 0 ? ', no auto refresh' : `, refreshing every ${d.refreshSeconds < 60 ? `${d.refreshSeconds} s` : `${d.refreshSeconds / 60} min`}`;
  const markers = dashboard.markerTags ? `; markers: deploys tagged ${dashboard.markerTags.join(' ')}` : '';
  return `Opens with ${range}${refresh}${markers}.`;
}

/** Paste or choose a Grafana dashboard's JSON, see what comes along and what does not, then save. */
export function GrafanaImport({ existing, onSaved, onEdit, onCancel }: GrafanaImportProps) {
  const client = useOpsClient();
  const [json, setJson] = useState('');
  const [preview, setPreview] = useState<RequestOutput<'dashboards.import'> | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const { busy, error, run } = useBusyAction();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    // The core refuses more than 2 MB anyway; saying so here spares reading a huge file.
    if (file.size > MAX_BYTES) return setNote(`${file.name} is larger than 2 MB; a Grafana dashboard is far smaller.`);
    setNote(null);
    setPreview(null);
    setJson(await file.text());
  };

  const clash = preview ? existing.find((e) => e.dashboard.id === preview.dashboard.id) : undefined;

  return (
    <section className="grafana-import" aria-label="Import Grafana JSON">
      <h2>Import a Grafana dashboard</h2>
      <p className="muted">Paste the dashboard&apos;s JSON model (Dashboard settings → JSON Model, or Export → Save to file), or choose the file.</p>
      <input type="file" accept=".json,application/json" aria-label="Grafana JSON file" onChange={(e) => void onFile(e)} />
      <textarea
        rows={10}
        aria-label="Grafana JSON"
        value={json}
        onChange={(e) => {
          setJson(e.target.value);
          setPreview(null);
        }}
      />
      {note && <p role="alert">{note}</p>}
      {error && <ErrorText error={error} prefix="Import" />}
      <div className="editor-row">
        <button
          type="button"
          className="button"
          disabled={busy || !json.trim()}
          onClick={() => void run(async () => setPreview(await client.request('dashboards.import', { json })))}
        >
          Preview
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {preview && (
        <div className="import-preview" data-testid="import-preview">
          <h3>
            {preview.dashboard.title} <span className="muted">(id {preview.dashboard.id})</span>
          </h3>
          {clash && (
            <p role="status" data-testid="import-clash">
              {clash.origin === 'config'
                ? `The config file already defines a dashboard with the id ${clash.dashboard.id}: choose "Edit before saving" and give this one another title (its id follows the title).`
                : `Saving replaces the dashboard "${clash.dashboard.title}", which has the same id.`}
            </p>
          )}
          <p>
            {preview.dashboard.panels.length} {preview.dashboard.panels.length === 1 ? 'panel' : 'panels'}:
          </p>
          <ul>
            {preview.dashboard.panels.map((p, i) => (
              <li key={i}>
                {p.title} <span className="muted">{p.targets.join(', ')}</span>
                {p.markerTags && <span className="muted"> · markers tagged {p.markerTags.join(' ')}</span>}
              </li>
            ))}
          </ul>
          <p data-testid="import-opens-with">{opensWith(preview.dashboard)}</p>
          {preview.converted.length > 0 && (
            <>
              <p>Kept in another form ({preview.converted.length}):</p>
              <ul data-testid="import-converted">
                {preview.converted.map((c, i) => (
                  <li key={i}>{c}</li>
                ))}
              </ul>
            </>
          )}
          {preview.skipped.length > 0 ? (
            <>
              <p>Left out ({preview.skipped.length}):</p>
              <ul data-testid="import-skipped">
                {preview.skipped.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">Nothing was left out.</p>
          )}
          <div className="editor-row">
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => void run(async () => onSaved(await client.request('dashboards.save', { dashboard: preview.dashboard })))}
            >
              Save dashboard
            </button>
            <button type="button" className="button" onClick={() => onEdit(preview.dashboard)}>
              Edit before saving
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
