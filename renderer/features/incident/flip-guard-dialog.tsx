import { useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { FlagChange } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { audienceWords, planFlip } from './flip-request';
import type { FlipRequest } from './flip-request';

export type FlipGuardDialogProps = {
  request: FlipRequest;
  onFlipped: (change: FlagChange) => void;
  onClose: () => void;
};

/** The core's rule (`flags.flip`: a reason of at least 3 characters), said before the core says it. */
const MIN_REASON = 3;
const word = (enabled: boolean) => (enabled ? 'ON' : 'OFF');

/**
 * The flip guard of the incident mode: before → after read fresh from the flag service, who it
 * reaches, a required reason; typing it and pressing Enter is the confirmation (no extra click).
 * It cannot be raced by a second Enter, shows *pending* until the backend confirms, and a failed
 * or conflicting flip stays open with the reason why. (A thin wrapper over `flags.flip` while the
 * switchboard's own confirm is being rewritten.)
 */
export function FlipGuardDialog({ request, onFlipped, onClose }: FlipGuardDialogProps) {
  const client = useOpsClient();
  const flags = useOpsQuery(`flip-guard|${request.key}`, (c) => c.request('flags.list', {}));
  const flag = flags.data?.flags.find((f) => f.key === request.key);
  const plan = flag ? planFlip(flag, request) : null;
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const busy = useRef(false);
  const ready = reason.trim().length >= MIN_REASON && plan !== null && plan.to.enabled !== plan.expected.enabled;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // A ref, not state: a second Enter in the same frame must not send a second flip.
    if (!ready || !plan || busy.current) return;
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      const change = await client.request('flags.flip', { key: request.key, environment: request.environment, to: plan.to, expected: plan.expected, reason: reason.trim() });
      onFlipped(change);
    } catch (caught) {
      setError(asApiError(caught));
      // Someone else may have changed it: show the state as it is now before another try.
      flags.refetch();
    } finally {
      busy.current = false;
      setPending(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  return (
    <div className="incident-dialog-backdrop">
      <form
        className="incident-dialog flip-guard"
        role="dialog"
        aria-modal="true"
        aria-label={`Flip ${request.key} in ${request.environment}`}
        data-testid="flip-guard"
        onSubmit={(event) => void submit(event)}
        onKeyDown={onKeyDown}
      >
        <h2>
          {request.key} in <strong>{request.environment}</strong>
        </h2>
        {!flag && !flags.error && <p className="muted">Reading the flag from the flag service…</p>}
        {flags.error && <ErrorText error={flags.error} prefix="Flag service" />}
        {flags.data && !plan && <p className="error-text">The flag service has no flag {request.key} in {request.environment}.</p>}
        {plan && (
          <p className="flip-guard-summary">
            <span className={`state-word ${plan.expected.enabled ? 'on' : 'off'}`}>{word(plan.expected.enabled)}</span> →{' '}
            <span className={`state-word ${plan.to.enabled ? 'on' : 'off'}`}>{word(plan.to.enabled)}</span> for {audienceWords(plan.expected)}
            {plan.production && <strong className="flip-guard-production"> · production</strong>}
            {plan.to.enabled === plan.expected.enabled && <span className="muted"> · already {word(plan.to.enabled)}, nothing to do</span>}
          </p>
        )}
        <input
          className="flip-reason"
          aria-label="Reason for this flip"
          placeholder="Why? e.g. INC-4411 checkout errors since the tax engine ramp"
          value={reason}
          maxLength={500}
          autoFocus
          readOnly={pending}
          onChange={(event) => setReason(event.target.value)}
        />
        <div className="incident-dialog-actions">
          <button type="submit" className="button danger" disabled={!ready || pending}>
            {pending ? 'Pending…' : plan ? `Turn ${word(plan.to.enabled)}` : 'Flip'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          {reason.trim().length < MIN_REASON && <span className="muted small">A reason is required (a few words); Enter confirms.</span>}
        </div>
        {pending && (
          <p className="muted" role="status">
            Pending: waiting for the flag service to confirm…
          </p>
        )}
        {error && <ErrorText error={error} prefix="Not flipped" />}
      </form>
    </div>
  );
}
