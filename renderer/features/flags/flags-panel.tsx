import { useState } from 'react';

import { Panel } from '../../ui/panel';
import { AuditLog } from './audit-log';
import { Switchboard } from './switchboard';

type Tab = 'switchboard' | 'audit';
const TABS: { id: Tab; label: string }[] = [
  { id: 'switchboard', label: 'Switches' },
  { id: 'audit', label: 'Audit log' },
];

/**
 * The flag switchboard and its audit log. Both stay mounted: a flip pending on the switchboard
 * must still be pending when the user comes back from the log, and the log keeps listening.
 */
export function FlagsPanel() {
  const [tab, setTab] = useState<Tab>('switchboard');
  return (
    <Panel
      title="Feature flags"
      className="flags-panel"
      actions={
        <div role="tablist" aria-label="Flags view" className="flags-tabs">
          {TABS.map(({ id, label }) => (
            <button key={id} type="button" role="tab" id={`flags-tab-${id}`} aria-selected={tab === id} aria-controls={`flags-view-${id}`} className="button small" onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </div>
      }
    >
      {TABS.map(({ id }) => (
        <div key={id} role="tabpanel" id={`flags-view-${id}`} aria-labelledby={`flags-tab-${id}`} className="flags-view" hidden={tab !== id}>
          {id === 'switchboard' ? <Switchboard /> : <AuditLog />}
        </div>
      ))}
    </Panel>
  );
}
