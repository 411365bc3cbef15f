import type { FlagSetting } from '../../../src/contract/wire-types';
import { stateOf, switchLabel } from './flag-state';

export type FlagSwitchProps = {
  flagKey: string;
  environment: string;
  setting: FlagSetting | undefined;
  pending: boolean;
  /** Why this window may not flip (the viewer role); null when it may. */
  readOnly: string | null;
  onToggle: () => void;
  /** Opens the guard on the audience and rollout instead of on ↔ off. */
  onEdit: () => void;
};

/**
 * Shows only what the flag service reported; "pending" while a flip is on its way, never the
 * hoped-for state. Disabled with `aria-disabled`, not `disabled`, so it keeps focus after the
 * guard closes and still shows its tooltip (a disabled button gets no hover in Chromium).
 */
export function FlagSwitch({ flagKey, environment, setting, pending, readOnly, onToggle, onEdit }: FlagSwitchProps) {
  if (setting === undefined) return <span className="muted">—</span>;
  const state = pending ? 'pending' : stateOf(setting);
  const inert = pending || readOnly !== null;
  const title = readOnly ?? (pending ? 'Waiting for the flag service to confirm' : `Click to flip ${environment}; the new state shows once the flag service confirms`);
  return (
    <span className="flag-switch-cell">
      <button
        type="button"
        role="switch"
        className={`flag-switch ${state} ${setting.enabled ? 'on' : 'off'}`}
        data-env={environment}
        data-state={state}
        aria-checked={setting.enabled}
        aria-busy={pending}
        aria-disabled={inert}
        aria-label={`${flagKey} in ${environment}`}
        title={title}
        onClick={() => !inert && onToggle()}
      >
        <span className="flag-switch-knob" aria-hidden="true" />
        <span className="flag-switch-label">{pending ? 'pending' : switchLabel(setting)}</span>
      </button>
      <button
        type="button"
        className="flag-edit"
        aria-label={`Audience and rollout of ${flagKey} in ${environment}`}
        title={readOnly ?? 'Audience and rollout: everyone, a share of users, staff only, dark launch'}
        aria-disabled={inert}
        onClick={() => !inert && onEdit()}
      >
        ⋯
      </button>
    </span>
  );
}
