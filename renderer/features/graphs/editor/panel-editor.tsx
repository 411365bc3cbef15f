import { keepsSpikes, toggleKeepSpikes } from './editor-model';
import type { PanelDraft } from './editor-model';

export type PanelEditorProps = {
  panel: PanelDraft;
  index: number;
  count: number;
  /** The panel the metric browser adds targets to. */
  active: boolean;
  onChange: (panel: PanelDraft) => void;
  onActivate: () => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

/** One panel's fields: title, targets one per line, unit, service, marker tags and thresholds. */
export function PanelEditor({ panel, index, count, active, onChange, onActivate, onMove, onRemove }: PanelEditorProps) {
  const name = panel.title.trim() || `Panel ${index + 1}`;
  const field = (key: 'title' | 'unit' | 'service' | 'markerTags' | 'low' | 'high', label: string, placeholder = '') => (
    <label className={`editor-field editor-${key}`}>
      <span>{label}</span>
      <input
        value={panel[key]}
        placeholder={placeholder}
        inputMode={key === 'low' || key === 'high' ? 'decimal' : undefined}
        aria-label={`${label} of ${name}`}
        onChange={(e) => onChange({ ...panel, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <fieldset className={`panel-editor${active ? ' active' : ''}`} data-testid="panel-editor" onFocus={onActivate} onClick={onActivate}>
      <legend>{name}</legend>
      {field('title', 'Title', 'Requests per second')}
      <label className="editor-field editor-targets">
        <span>Targets, one per line</span>
        <textarea
          rows={Math.max(2, panel.targets.split('\n').length)}
          value={panel.targets}
          placeholder="sumSeries(web.*.requests)"
          aria-label={`Targets of ${name}`}
          onChange={(e) => onChange({ ...panel, targets: e.target.value })}
        />
      </label>
      <label className="editor-field editor-keep-spikes">
        <input
          type="checkbox"
          checked={keepsSpikes(panel.targets)}
          disabled={panel.targets.trim() === ''}
          aria-label={`Keep spikes in ${name}`}
          onChange={() => onChange({ ...panel, targets: toggleKeepSpikes(panel.targets) })}
        />
        <span title="Graphite averages the points it merges to fit the panel, which hides short spikes. For error and latency series, keep the maximum instead.">
          Keep spikes: consolidateBy max (for error and latency series)
        </span>
      </label>
      <div className="editor-row">
        {field('unit', 'Unit', 'req/s')}
        {field('service', 'Service', 'web')}
        {field('markerTags', 'Marker tags', 'deploy checkout')}
        {field('low', 'Low', 'red below')}
        {field('high', 'High', 'red above')}
      </div>
      <div className="editor-row editor-panel-actions">
        <button type="button" className="button small" disabled={index === 0} aria-label={`Move ${name} up`} onClick={() => onMove(-1)}>
          ↑
        </button>
        <button type="button" className="button small" disabled={index === count - 1} aria-label={`Move ${name} down`} onClick={() => onMove(1)}>
          ↓
        </button>
        <button type="button" className="button small" aria-label={`Remove ${name}`} onClick={onRemove}>
          Remove panel
        </button>
      </div>
    </fieldset>
  );
}
