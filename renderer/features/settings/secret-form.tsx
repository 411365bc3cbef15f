import { useRef, useState } from 'react';
import type { FormEvent } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { ErrorText } from '../../ui/error-text';

export type SecretFormProps = { onSaved: () => void };

/**
 * The value field is uncontrolled: the secret lives in the DOM input until submit, is read once,
 * and the field is emptied before the request even leaves, so it never sits in React state.
 */
export function SecretForm({ onSaved }: SecretFormProps) {
  const client = useOpsClient();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const valueInput = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = valueInput.current;
    if (!input || busy) return;
    const value = input.value;
    input.value = '';
    setBusy(true);
    setError(null);
    setSaved(null);
    client
      .request('secrets.set', { name: name.trim(), value })
      .then(
        (status) => {
          setSaved(status.name);
          setName('');
          onSaved();
        },
        (cause: unknown) => setError(asApiError(cause)),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form className="secret-form" onSubmit={submit} aria-label="Set a secret" autoComplete="off">
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="graphite.password" required spellCheck={false} />
      </label>
      <label className="field">
        <span>Value</span>
        <input ref={valueInput} type="password" required autoComplete="new-password" />
      </label>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Saving…' : 'Set secret'}
      </button>
      {saved && <span className="muted small">{saved} is set.</span>}
      {error && <ErrorText error={error} prefix="Not saved" />}
    </form>
  );
}
