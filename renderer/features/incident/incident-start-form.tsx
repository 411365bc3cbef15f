import { useState } from 'react';
import type { FormEvent } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import { asApiError } from '../../api/as-api-error';
import { useSettings } from '../../api/settings-context';
import { formatDateTime } from '../../lib/format-time';
import { ErrorText } from '../../ui/error-text';
import { useTimeCursor } from '../graphs/time-cursor-context';
import { useIncidentMode } from './incident-context';
import { parseMoment } from './parse-moment';

/** Name and start time (the time cursor's moment by default, else now): the two things an incident needs. */
export function IncidentStartForm() {
  const { store } = useIncidentMode();
  const { settings } = useSettings();
  const cursor = useTimeCursor();
  const [name, setName] = useState('');
  // Empty means "the cursor, or now": typed text wins over both.
  const [startText, setStartText] = useState('');
  const [error, setError] = useState<ApiError | string | null>(null);
  const defaultStart = cursor.at ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const startedAt = startText.trim() ? parseMoment(startText, settings.timeZone) : (defaultStart ?? Date.now());
    if (!name.trim()) return setError('Name the incident, e.g. "Checkout errors after the tax engine ramp".');
    if (startedAt === null) return setError(`Write the start as ${formatDateTime(Date.now(), settings.timeZone)}.`);
    setError(null);
    store.start(name, startedAt).catch((caught: unknown) => setError(asApiError(caught)));
  };

  return (
    <form className="incident-start" onSubmit={submit} aria-label="Start an incident">
      <input aria-label="Incident name" placeholder="Incident name, e.g. Checkout errors" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      <input
        aria-label="Incident start"
        className="incident-start-time"
        placeholder={defaultStart === null ? 'now' : `${formatDateTime(defaultStart, settings.timeZone)} (the cursor)`}
        value={startText}
        onChange={(e) => setStartText(e.target.value)}
      />
      <button type="submit" className="button primary small">
        Start incident
      </button>
      {typeof error === 'string' ? (
        <span className="error-text" role="alert">
          {error}
        </span>
      ) : (
        error && <ErrorText error={error} />
      )}
    </form>
  );
}
