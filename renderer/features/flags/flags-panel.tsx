import { useState } from 'react';

import { Panel } from '../../ui/panel';
import { RampsView } from '../ramps/ramps-view';
import { AuditLog } from './audit-log';
import { Switchboard } from './switchboard';

type View = 'switchboard' | 'ramps' | 'audit';
const VIEWS: { id: View; label: string }[] = [
  { id: 'switchboard', label: 'Switches' },
  { id: 'ramps', label: 'Guarded ramps' },
  { id: 'audit', label: 'Audit log' },
];

/**
 * The flag switchboard, its guarded ramps and its audit log. All stay mounted: a flip pending on the switchboard
 * must still be pending when the user comes back from the log, and the log keeps listening.
 */
export function FlagsPanel() {
  const [view, setView] = useState<View>('switchboard');
  return (
    <Panel
      title="Feature flags"
      className="flags-panel"
      actions={
        // Pressed buttons, not ARIA tabs: the dashboards own the page's tab list, and a second one would blur it.
        <div role="group" aria-label="Flags view" className="segmented flags-views">
          {VIEWS.map(({ id, label }) => (
            <button key={id} type="button" aria-pressed={view === id} className={view === id ? 'active' : undefined} onClick={() => setView(id)}>
              {label}
            </button>
          ))}
        </div>
      }
    >
      {VIEWS.map(({ id }) => (
        <div key={id} className="flags-view" hidden={view !== id}>
          {id === 'switchboard' ? <Switchboard onReveal={() => setView('switchboard')} /> : id === 'ramps' ? <RampsView /> : <AuditLog />}
        </div>
      ))}
    </Panel>
  );
}
