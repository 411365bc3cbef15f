import { useId, useState } from 'react';

import type { FlagSetting } from '../../../src/contract/wire-types';
import { blastRadius, FLAG_STATES, sameSetting, settingFor, stateOf, switchLabel, targetProblem } from './flag-state';
import type { FlagState } from './flag-state';
import { ReasonGuard } from './reason-guard';

export type FlipConfirmProps = {
  flagKey: string;
  environment: string;
  production: boolean;
  /** The environment as the user saw it when they opened the guard. */
  before: FlagSetting;
  /** What the click asked for (the switch: on ↔ off); the user may change it here. */
  proposed: FlagSetting;
  onConfirm: (to: FlagSetting, reason: string) => void;
  onCancel: () => void;
};

const STATE_NAMES: Record<FlagState, string> = {
  off: 'off',
  on: 'on for everyone',
  percentage: 'on for a share of users',
  staff: 'on for staff only',
  dark: 'dark launch',
};

/** Asks why before a flip, shows before → after and who it touches, and lets the user pick the audience and rollout. */
export function FlipConfirm({ flagKey, environment, production, before, proposed, onConfirm, onCancel }: FlipConfirmProps) {
  const [state, setState] = useState<FlagState>(stateOf(proposed));
  // The field's text as typed: "1e3" or "" must stay visible with its error, not be coerced.
  const [percentText, setPercentText] = useState(String(proposed.rolloutPercent ?? before.rolloutPercent ?? 100));
  const percentId = useId();
  const percent = /^\d{1,3}$/.test(percentText.trim()) ? Number(percentText) : Number.NaN;
  const to = settingFor(state, proposed, state === 'percentage' ? percent : null);
  const percentError = state === 'percentage' ? targetProblem(to) : null;
  const unchanged = sameSetting(to, before);
  const blocked = percentError ?? (unchanged ? 'This is what it is already: choose a different state.' : null);

  return (
    <ReasonGuard
      label={`Flip ${flagKey} in ${environment}`}
      production={production}
      submitLabel={`Flip ${switchLabel(to)}`}
      blocked={blocked}
      onSubmit={(reason) => onConfirm(to, reason)}
      onCancel={onCancel}
    >
      <span className="flip-summary">
        {flagKey} in <strong>{environment}</strong>: <span className={`state-word ${stateOf(before)}`}>{switchLabel(before)}</span> →{' '}
        <span className={`state-word ${stateOf(to)}`}>{switchLabel(to)}</span>
      </span>
      <span className="flip-blast" data-testid="blast-radius">
        {blastRadius(environment, before, to)}
      </span>
      <select aria-label="New state" value={state} onChange={(event) => setState(FLAG_STATES.find((s) => s === event.target.value) ?? state)}>
        {FLAG_STATES.map((s) => (
          <option key={s} value={s}>
            {STATE_NAMES[s]}
          </option>
        ))}
      </select>
      {state === 'percentage' && (
        <span className="flip-percent">
          <input
            id={percentId}
            aria-label="Share of users (%)"
            aria-invalid={percentError !== null}
            inputMode="numeric"
            size={4}
            value={percentText}
            onChange={(event) => setPercentText(event.target.value)}
          />
          <label htmlFor={percentId}>%</label>
          {percentError && (
            <span className="error-text" role="alert">
              {percentError}
            </span>
          )}
        </span>
      )}
      {unchanged && percentError === null && <span className="muted small">{blocked}</span>}
    </ReasonGuard>
  );
}
