import { useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { FlagChange } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { ReasonGuard } from '../flags/reason-guard';
import { audienceWords, planFlip } from './flip-request';
import type { FlipRequest } from './flip-request';

export type FlipGuardDialogProps = {
  request: FlipRequest;
  onFlipped: (change: FlagChange) => void;
  onClose: () => void;
};

const word = (enabled: boolean) => (enabled ? 'ON' : 'OFF');

/**
 * The flip guard of the incident mode: before → after read fresh from the flag service, who it
 * reaches, a required reason; typing it and pressing Enter is the confirmation (no extra click).
 * It cannot be raced by a second Enter, shows *pending* until the backend confirms, and a failed
 * or conflicting flip stays open with the reason why. The reason and the send-once rule are the
 * switchboard's own guard (`ReasonGuard`): one guard for every flip.
 */
export function FlipGuardDialog({ request, onFlipped, onClose }: FlipGuardDialogProps) {
  const client = useOpsClient();
  const flags = useOpsQuery(`flip-guard|${request.key}`, (c) => c.request('flags.list', {}));
  const flag = flags.data?.flags.find((f) => f.key === request.key);
  const plan = flag ? planFlip(flag, request) : null;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const unchanged = plan !== null && plan.to.enabled === plan.expected.enabled;
  const blocked = !plan ? 'The flag has not been read yet.' : unchanged ? `Already ${word(plan.to.enabled)}: nothing to do.` : null;

  const flip = async (reason: string) => {
    if (!plan) return;
    setPending(true);
    setError(null);
    try {
      onFlipped(await client.request('flags.flip', { key: request.key, environment: request.environment, to: plan.to, expected: plan.expected, reason }));
    } catch (caught) {
      setError(asApiError(caught));
      // Someone else may have changed it: show the state as it is now before another try.
      flags.refetch();
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="incident-dialog-backdrop">
      <div className="incident-dialog flip-guard" role="dialog" aria-modal="true" aria-label={`Flip ${request.key} in ${request.environment}`} data-testid="flip-guard">
        <h2>
          {request.key} in <strong>{request.environment}</strong>
        </h2>
        {!flag && !flags.error && <p className="muted">Reading the flag from the flag service…</p>}
        {flags.error && <ErrorText error={flags.error} prefix="Flag service" />}
        {flags.data && !plan && <p className="error-text">The flag service has no flag {request.key} in {request.environment}.</p>}
        <ReasonGuard
          label={`Reason and confirmation for ${request.key}`}
          production={plan?.production ?? true}
          submitLabel={pending ? 'Pending…' : plan ? `Turn ${word(plan.to.enabled)}` : 'Flip'}
          blocked={blocked}
          pending={pending}
          onSubmit={(reason) => void flip(reason)}
          onCancel={onClose}
        >
          {plan && (
            <p className="flip-guard-summary">
              <span className={`state-word ${plan.expected.enabled ? 'on' : 'off'}`}>{word(plan.expected.enabled)}</span> →{' '}
              <span className={`state-word ${plan.to.enabled ? 'on' : 'off'}`}>{word(plan.to.enabled)}</span> for {audienceWords(plan.expected)}
              {plan.production && <strong className="flip-guard-production"> · production</strong>}
              {unchanged && <span className="muted"> · {blocked}</span>}
            </p>
          )}
        </ReasonGuard>
        {pending && (
          <p className="muted" role="status">
            Pending: waiting for the flag service to confirm…
          </p>
        )}
        {error && <ErrorText error={error} prefix="Not flipped" />}
      </div>
    </div>
  );
}
