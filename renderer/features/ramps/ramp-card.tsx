import { useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Ramp } from '../../../src/contract/ramp-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { useSettings } from '../../api/settings-context';
import { formatClock } from '../../lib/format-time';
import { ErrorText } from '../../ui/error-text';
import { describeSetting } from '../flags/flag-state';

export type RampCardProps = { ramp: Ramp };

const STATE_WORDS: Record<Ramp['state'], string> = { running: 'running', paused: 'paused', done: 'done', stopped: 'stopped' };

/** One guarded ramp: its steps, where it stands and why, the watched series' last readings, and the levers to stop or resume it. */
export function RampCard({ ramp }: RampCardProps) {
  const client = useOpsClient();
  const { settings } = useSettings();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const act = (request: Promise<Ramp>) => {
    setPending(true);
    setError(null);
    request.catch((caught: unknown) => setError(asApiError(caught))).finally(() => setPending(false));
  };
  const live = ramp.state === 'running' || ramp.state === 'paused';
  const stepClass = (i: number) => (i < ramp.step || (i === ramp.step && ramp.state === 'done') ? 'done' : i === ramp.step ? `current ${ramp.state}` : 'next');

  return (
    <article className={`ramp-card state-${ramp.state}`} data-testid="ramp" data-key={ramp.key} data-state={ramp.state} data-step={ramp.step} aria-label={`Guarded ramp of ${ramp.key}`}>
      <header className="ramp-card-head">
        <strong>{ramp.key}</strong> in {ramp.environment}
        <span className={`badge ramp-state ${ramp.state}`}>{STATE_WORDS[ramp.state]}</span>
        <span className="muted small">
          run by {ramp.by} on {ramp.runner} since {formatClock(ramp.startedAt, settings.timeZone)}
        </span>
      </header>
      <ol className="ramp-steps" aria-label="Steps">
        {ramp.steps.map((share, i) => (
          <li key={share} className={stepClass(i)}>
            {share} %
          </li>
        ))}
      </ol>
      <p className="ramp-status" data-testid="ramp-status" role="status">
        {ramp.status}
      </p>
      {ramp.readings.length > 0 && (
        <ul className="ramp-readings">
          {ramp.readings.map((r) => (
            <li key={r.label} className={r.ok ? 'ok' : 'bad'}>
              {r.label}: {r.value === null ? 'no data' : r.value.toFixed(2)} ({r.limit}){r.at !== null && ` at ${formatClock(r.at, settings.timeZone)}`}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">Why: {ramp.reason}</p>
      {live && (
        <div className="ramp-actions">
          {ramp.state === 'paused' && (
            <button type="button" className="button small" disabled={pending} onClick={() => act(client.request('ramps.resume', { id: ramp.id }))}>
              Resume
            </button>
          )}
          <button type="button" className="button small" disabled={pending} onClick={() => act(client.request('ramps.stop', { id: ramp.id, setBack: false }))}>
            Stop here
          </button>
          <button type="button" className="button danger small" disabled={pending} onClick={() => act(client.request('ramps.stop', { id: ramp.id, setBack: true }))}>
            Stop and set back to {describeSetting(ramp.lastGood)}
          </button>
        </div>
      )}
      {error && <ErrorText error={error} prefix="Ramp" />}
      <details className="ramp-history">
        <summary>History ({ramp.history.length})</summary>
        <ol>
          {ramp.history.map((h, i) => (
            <li key={i} data-kind={h.kind}>
              <time dateTime={new Date(h.at).toISOString()}>{formatClock(h.at, settings.timeZone)}</time> {h.text}
            </li>
          ))}
        </ol>
      </details>
    </article>
  );
}
