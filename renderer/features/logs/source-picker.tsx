import { useState } from 'react';

import type { SourceWithStatus } from './use-log-sources';
import { groupByService } from './use-log-sources';
import { stateWord } from './source-status';

export type SourcePickerProps = {
  sources: readonly SourceWithStatus[];
  picked: ReadonlySet<string>;
  onChange: (picked: Set<string>) => void;
};

/** Several sources at once, grouped by service and host, each with its connection state. */
export function SourcePicker({ sources, picked, onChange }: SourcePickerProps) {
  const [open, setOpen] = useState(false);
  const groups = groupByService(sources);
  const toggle = (ids: readonly string[], on: boolean) => {
    const next = new Set(picked);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onChange(next);
  };
  return (
    <details className="log-source-picker" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="button" aria-label="Log sources">
        {picked.size} of {sources.length} sources
      </summary>
      {/* Built only while open: the first field of the logs panel ("/" goes there) stays the filter. */}
      {open && <div className="log-source-menu" role="group" aria-label="Pick log sources">
        {groups.map(([service, inService]) => {
          const ids = inService.map((entry) => entry.source.id);
          const all = ids.every((id) => picked.has(id));
          return (
            <fieldset key={service} className="log-source-group">
              <legend>
                <label>
                  <input type="checkbox" checked={all} onChange={(e) => toggle(ids, e.target.checked)} aria-label={`All of ${service}`} />
                  {service}
                </label>
              </legend>
              {inService.map(({ source, status }) => (
                <label key={source.id} className="log-source-option">
                  <input type="checkbox" checked={picked.has(source.id)} onChange={(e) => toggle([source.id], e.target.checked)} />
                  <span>{`${source.host} · ${source.name}`}</span>
                  <span className={`log-source-badge state-${status.state}`}>{stateWord(status)}</span>
                </label>
              ))}
            </fieldset>
          );
        })}
      </div>}
    </details>
  );
}
