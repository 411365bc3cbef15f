import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';

export type ReasonGuardProps = {
  /** The form's accessible name: "Flip checkout.tax in production". */
  label: string;
  /** Production is drawn in red: the guard looks like what it protects. */
  production: boolean;
  submitLabel: string;
  /** Why the target cannot be sent yet (an invalid rollout, nothing changed); the caller shows it where it applies. */
  blocked: string | null;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
  /**
   * For a guard that stays open while the flip runs (the incident mode's): true until the core
   * answers; when it turns false again after a failure, the guard may be sent once more. Without
   * it the guard sends once and is closed by its caller.
   */
  pending?: boolean;
  /** What will change: before → after, the blast radius, the target's controls. */
  children: ReactNode;
};

/** Matches the core's rule (`flags.flip`: reason at least 3 characters), so the form says so before the core does. */
const MIN_REASON = 3;

/**
 * The one guard every flip goes through, single or bulk. It cannot be switched off (there is no
 * "don't ask again"), it costs nothing beyond typing the reason and Enter (focus starts in the
 * reason), and it submits once: a double click or a held Enter sends one request.
 */
export function ReasonGuard({ label, production, submitLabel, blocked, onSubmit, onCancel, pending, children }: ReasonGuardProps) {
  const [reason, setReason] = useState('');
  const [sent, setSent] = useState(false);
  // The state above lands on the next render; a second event in the same tick must see the first.
  const sending = useRef(false);
  const ready = reason.trim().length >= MIN_REASON && blocked === null;
  useEffect(() => {
    // The caller's flip is over (it failed: a success closes the guard): one more try is allowed.
    if (pending !== false || !sending.current) return;
    sending.current = false;
    setSent(false);
  }, [pending]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || sending.current) return;
    sending.current = true;
    setSent(true);
    onSubmit(reason.trim());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  };

  return (
    <form className={`flip-confirm ${production ? 'env-production' : ''}`} onSubmit={submit} onKeyDown={onKeyDown} aria-label={label}>
      {children}
      <input
        className="flip-reason"
        aria-label="Reason for this flip"
        placeholder="Why? e.g. INC-4411 checkout errors (Enter to flip, Esc to cancel)"
        value={reason}
        required
        minLength={MIN_REASON}
        maxLength={500}
        autoFocus
        readOnly={pending === true}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button danger" disabled={!ready || sent || pending === true}>
        {submitLabel}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      {reason.trim().length < MIN_REASON && <span className="muted small">A reason is required (a few words): it goes into the audit log and onto the graphs.</span>}
    </form>
  );
}
