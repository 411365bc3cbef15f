import { useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { DrillResult } from '../../../src/contract/incident-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { useSettings } from '../../api/settings-context';
import { useOpsQuery } from '../../api/use-ops-query';
import { formatClock } from '../../lib/format-time';
import { ErrorText } from '../../ui/error-text';
import { useIncidentMode } from './incident-context';
import { IncidentStartForm } from './incident-start-form';
import { IncidentTimeline } from './incident-timeline';

/** The incident bar under the graphs: start or work an incident, the flips being watched, and the demo's drill. */
export function IncidentPane() {
  const { store, watches } = useIncidentMode();
  const { settings } = useSettings();
  const info = useOpsQuery('incident|app.info', (c) => c.request('app.info', {}));

  return (
    <section className="panel incident-pane" aria-label="Incident" data-testid="incident-pane">
      <header className="panel-header">
        <h2 className="panel-title" tabIndex={-1} data-focus-fallback="">
          Incident
        </h2>
        <div className="panel-actions">
          {info.data?.dataSource === 'demo' && <DrillButton />}
          <span className="muted small">Ctrl+K commands · ? shortcuts</span>
        </div>
      </header>
      <div className="panel-body">
        {store.current ? <IncidentTimeline incident={store.current} /> : <IncidentStartForm />}
        {watches.length > 0 && (
          <ul className="recovery-watches" aria-label="Flips being watched">
            {watches.map((w) => (
              <li key={w.id} data-testid="recovery-watch" data-flag={w.key} data-change={w.recovery?.change ?? ''}>
                ◆ {w.key} in {w.environment} at {formatClock(w.flipAt, settings.timeZone)}: {w.text}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** Plays the demo's incident drill: a deploy, a flag ramp, a checkout error spike. */
function DrillButton() {
  const client = useOpsClient();
  const { settings } = useSettings();
  const [ran, setRan] = useState<DrillResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = () => {
    setError(null);
    client.request('demo.drill', {}).then(setRan, (caught: unknown) => setError(asApiError(caught)));
  };
  return (
    <>
      {ran && (
        <span className="muted small" role="status" data-testid="drill-status" data-ramp-at={ran.rampAt}>
          Drill: deploy at {formatClock(ran.deployAt, settings.timeZone)}, {ran.flag} on at {formatClock(ran.rampAt, settings.timeZone)}
        </span>
      )}
      {error && <ErrorText error={error} prefix="Drill" />}
      <button type="button" className="button small" data-drill-button="" onClick={run}>
        Run incident drill
      </button>
    </>
  );
}
