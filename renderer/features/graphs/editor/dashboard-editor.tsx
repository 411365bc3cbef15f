import { useState } from 'react';
import type { FormEvent } from 'react';

import type { DashboardDefinition, DashboardEntry } from '../../../../src/contract/backend-definitions';
import { useOpsClient } from '../../../api/ops-client';
import { ErrorText } from '../../../ui/error-text';
import './dashboard-editor.css';
import { appendTarget, emptyPanel, fromDraft, idFromTitle, move, panelForMetric, toDraft } from './editor-model';
import type { DashboardDraft, PanelDraft } from './editor-model';
import { MetricBrowser } from './metric-browser';
import { PanelEditor } from './panel-editor';
import { useBusyAction } from './use-busy-action';

export type DashboardEditorProps = {
  /** The dashboard to change (a saved one, a demo one to copy, an import to check); null for a new one. */
  initial: DashboardDefinition | null;
  /** A dashboard saved in the app can be removed. */
  saved: boolean;
  /** A listed dashboard keeps its id (its tab and links); a new or imported one's follows its title. */
  fixedId: boolean;
  onSaved: (entry: DashboardEntry) => void;
  onRemoved: (id: string) => void;
  onCancel: () => void;
};

/** Title and panels of one dashboard, with the metric browser beside them; saves into the app's settings. */
export function DashboardEditor({ initial, saved, fixedId, onSaved, onRemoved, onCancel }: DashboardEditorProps) {
  const client = useOpsClient();
  const [draft, setDraft] = useState<DashboardDraft>(() => toDraft(initial));
  const [activeKey, setActiveKey] = useState<number | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const { busy, error, run } = useBusyAction();

  const setPanels = (update: (panels: PanelDraft[]) => PanelDraft[]) => setDraft((d) => ({ ...d, panels: update(d.panels) }));
  const active = draft.panels.find((p) => p.key === activeKey) ?? null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const result = fromDraft(draft);
    setProblems(result.ok ? [] : result.problems);
    if (result.ok) void run(async () => onSaved(await client.request('dashboards.save', { dashboard: result.dashboard })));
  };
  const onRemove = () => void run(async () => onRemoved((await client.request('dashboards.remove', { id: draft.id })).removed));

  return (
    <div className="dashboard-editor">
      <form className="dashboard-editor-form" aria-label={initial ? `Edit ${initial.title}` : 'New dashboard'} onSubmit={onSubmit}>
        <div className="editor-row">
          <label className="editor-field editor-dashboard-title">
            <span>Dashboard title</span>
            <input
              value={draft.title}
              aria-label="Dashboard title"
              onChange={(e) => {
                const title = e.target.value;
                setDraft((d) => ({ ...d, title, id: fixedId ? d.id : idFromTitle(title) }));
              }}
            />
          </label>
          <span className="muted editor-id">id: {draft.id || '—'}</span>
        </div>
        {draft.panels.map((panel, i) => (
          <PanelEditor
            key={panel.key}
            panel={panel}
            index={i}
            count={draft.panels.length}
            active={panel.key === activeKey}
            onActivate={() => setActiveKey(panel.key)}
            onChange={(next) => setPanels((ps) => ps.map((p) => (p.key === panel.key ? next : p)))}
            onMove={(by) => setPanels((ps) => move(ps, i, i + by))}
            onRemove={() => setPanels((ps) => ps.filter((p) => p.key !== panel.key))}
          />
        ))}
        <button type="button" className="button small" onClick={() => setPanels((ps) => [...ps, emptyPanel()])}>
          + Add panel
        </button>
        {problems.length > 0 && (
          <ul className="editor-problems" role="alert">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {error && <ErrorText error={error} prefix="Not saved" />}
        <div className="editor-row editor-actions">
          <button type="submit" className="button primary" disabled={busy}>
            Save dashboard
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          {saved && (
            <button type="button" className="button danger" disabled={busy} onClick={onRemove}>
              Remove dashboard
            </button>
          )}
        </div>
      </form>
      <MetricBrowser
        onNewPanel={(path) => {
          const panel = panelForMetric(path);
          setPanels((ps) => [...ps, panel]);
          setActiveKey(panel.key);
        }}
        onAppend={active ? (path) => setPanels((ps) => ps.map((p) => (p.key === active.key ? appendTarget(p, path) : p))) : null}
        appendLabel={active?.title.trim() || 'the selected panel'}
      />
    </div>
  );
}
