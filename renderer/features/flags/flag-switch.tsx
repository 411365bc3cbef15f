export type FlagSwitchProps = {
  flagKey: string;
  environment: string;
  enabled: boolean | undefined;
  pending: boolean;
  onToggle: () => void;
};

/** Shows only what the flag service reported; "pending" while a flip is on its way, never the hoped-for state. */
export function FlagSwitch({ flagKey, environment, enabled, pending, onToggle }: FlagSwitchProps) {
  if (enabled === undefined) return <span className="muted">—</span>;
  const state = pending ? 'pending' : enabled ? 'on' : 'off';
  return (
    <button
      type="button"
      role="switch"
      className={`flag-switch ${state} env-${environment}`}
      data-env={environment}
      data-state={state}
      aria-checked={enabled}
      aria-busy={pending}
      aria-label={`${flagKey} in ${environment}`}
      disabled={pending}
      onClick={onToggle}
    >
      <span className="flag-switch-knob" aria-hidden="true" />
      <span className="flag-switch-label">{pending ? 'pending' : enabled ? 'ON' : 'OFF'}</span>
    </button>
  );
}
