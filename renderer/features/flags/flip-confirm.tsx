import { useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';

export type FlipConfirmProps = {
  flagKey: string;
  environment: string;
  before: boolean;
  after: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
};

/** Matches the core's rule (`flags.flip`: reason at least 3 characters), so the button says so before the core does. */
const MIN_REASON = 3;

const word = (enabled: boolean) => (enabled ? 'ON' : 'OFF');

/** Asks why before a flip: the reason goes into the flip marker every graph shows. */
export function FlipConfirm({ flagKey, environment, before, after, onConfirm, onCancel }: FlipConfirmProps) {
  const [reason, setReason] = useState('');
  const ready = reason.trim().length >= MIN_REASON;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) onConfirm(reason.trim());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <form className={`flip-confirm env-${environment}`} onSubmit={submit} onKeyDown={onKeyDown} aria-label={`Flip ${flagKey} in ${environment}`}>
      <span className="flip-summary">
        {flagKey} in <strong>{environment}</strong>: <span className={`state-word ${before ? 'on' : 'off'}`}>{word(before)}</span> →{' '}
        <span className={`state-word ${after ? 'on' : 'off'}`}>{word(after)}</span>
      </span>
      <input
        className="flip-reason"
        aria-label="Reason for this flip"
        placeholder="Why? e.g. INC-4411 checkout errors"
        value={reason}
        required
        minLength={MIN_REASON}
        maxLength={500}
        autoFocus
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button danger" disabled={!ready}>
        Flip {word(after)}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      {!ready && <span className="muted small">A reason is required (a few words).</span>}
    </form>
  );
}
