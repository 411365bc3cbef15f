import { useRef, useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Flag, FlagChange } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { ErrorText } from '../../ui/error-text';
import { TimeAgo } from '../../ui/time-ago';
import { FlagSwitch } from './flag-switch';
import { FlipConfirm } from './flip-confirm';

export type FlagRowProps = {
  flag: Flag;
  environments: readonly string[];
  onFlipped: (change: FlagChange) => void;
  /** A failed or timed-out flip may still have landed: re-read the truth. */
  onFailed: () => void;
};

/** One flag: its switches, the confirm step of a flip, and what went wrong with the last one. */
export function FlagRow({ flag, environments, onFlipped, onFailed }: FlagRowProps) {
  const client = useOpsClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // State updates are not synchronous: a second click in the same tick must still see the first.
  const inFlight = useRef(false);

  const enabledIn = (env: string) => flag.environments.find((e) => e.name === env)?.enabled;

  const flip = (env: string, reason: string) => {
    const current = enabledIn(env);
    if (inFlight.current || current === undefined) return;
    inFlight.current = true;
    setConfirming(null);
    setPending(env);
    setError(null);
    client
      .request('flags.flip', { key: flag.key, environment: env, enabled: !current, reason })
      .then(onFlipped, (cause: unknown) => {
        setError(asApiError(cause));
        onFailed();
      })
      .finally(() => {
        inFlight.current = false;
        setPending(null);
      });
  };

  const confirmEnabled = confirming === null ? undefined : enabledIn(confirming);
  return (
    <tbody className="flag-row" data-testid="flag-row" data-key={flag.key}>
      <tr>
        <td className="flag-key-cell">
          <div className="flag-key">{flag.key}</div>
          <div className="flag-description">{flag.description}</div>
        </td>
        <td>
          <span className={`flag-type type-${flag.type}`}>{flag.type}</span>
        </td>
        {environments.map((env) => (
          <td key={env} className="env-col">
            <FlagSwitch
              flagKey={flag.key}
              environment={env}
              enabled={enabledIn(env)}
              pending={pending === env}
              onToggle={() => {
                setError(null);
                setConfirming((open) => (open === env ? null : env));
              }}
            />
          </td>
        ))}
        <td className="flag-updated">
          {flag.updatedBy ?? '—'}
          {flag.updatedAt !== null && (
            <div className="muted small">
              <TimeAgo at={flag.updatedAt} />
            </div>
          )}
        </td>
      </tr>
      {(confirming !== null || error) && (
        <tr className="flag-detail">
          <td colSpan={3 + environments.length}>
            {confirming !== null && confirmEnabled !== undefined && (
              <FlipConfirm
                flagKey={flag.key}
                environment={confirming}
                before={confirmEnabled}
                after={!confirmEnabled}
                onConfirm={(reason) => flip(confirming, reason)}
                onCancel={() => setConfirming(null)}
              />
            )}
            {error && <ErrorText error={error} prefix="Flip not confirmed" />}
          </td>
        </tr>
      )}
    </tbody>
  );
}
