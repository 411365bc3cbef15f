import type { DashboardEntry } from '../../../../src/contract/backend-definitions';
import { useOpsQuery } from '../../../api/use-ops-query';

export type DashboardEditActionsProps = {
  /** The dashboard on screen, if any. */
  current: DashboardEntry | null;
  onEdit: () => void;
  onNew: () => void;
  onImport: () => void;
};

// A plain "+": the full-width one has no glyph in the fonts Debian's Chromium ships.
/** Edit (or, for the config file's, where to change it), new dashboard and Grafana import, beside the tabs. */
export function DashboardEditActions({ current, onEdit, onNew, onImport }: DashboardEditActionsProps) {
  const fromConfig = current?.origin === 'config';
  // The config file's path is only worth a request when a dashboard from it is on screen.
  const listed = useOpsQuery(fromConfig ? 'config-file' : null, (c) => c.request('backends.list', {}));
  return (
    <div className="dashboard-edit-actions">
      {current &&
        (fromConfig ? (
          <span className="muted read-only-note" data-testid="dashboard-read-only" title="Dashboards from the config file are changed there">
            from {listed.data?.configFile.path ?? 'the config file'}
          </span>
        ) : (
          <button type="button" className="button small" onClick={onEdit} aria-label={`Edit ${current.dashboard.title}`}>
            Edit
          </button>
        ))}
      <button type="button" className="button small" onClick={onNew}>
        + New dashboard
      </button>
      <button type="button" className="button small" onClick={onImport}>
        Import Grafana JSON
      </button>
    </div>
  );
}
