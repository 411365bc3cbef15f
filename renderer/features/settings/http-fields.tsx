import type { Ref } from 'react';

import type { AuthType, BackendFormValues, FieldName } from './backend-form-model';
import { secretNameFor, secretSlot } from './backend-form-model';
import { FormField } from './form-field';

export type HttpFieldsProps = {
  form: BackendFormValues;
  errors: Partial<Record<FieldName, string>>;
  set: (patch: Partial<BackendFormValues>) => void;
  /** The secret's input: uncontrolled, so its value never enters React state. */
  secretInput: Ref<HTMLInputElement>;
  urlPlaceholder: string;
  /** Unleash always takes a token; other HTTP backends choose their auth. */
  fixedAuth?: boolean;
};

const AUTH_TYPES: readonly AuthType[] = ['none', 'basic', 'bearer'];

/** URL, auth and CA file: the same for Graphite, HTTP deploy logs, Unleash and HTTP log sources. */
export function HttpFields({ form, errors, set, secretInput, urlPlaceholder, fixedAuth = false }: HttpFieldsProps) {
  const slot = secretSlot(form);
  const id = form.id.trim();
  const secretName = slot && (form.secretRef || (id ? secretNameFor(id, slot) : `<id>.${slot}`));
  return (
    <>
      <FormField label="URL" error={errors.url}>
        {(control) => (
          <input {...control} value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder={urlPlaceholder} spellCheck={false} />
        )}
      </FormField>
      {!fixedAuth && (
        <FormField label="Auth" error={errors.authType}>
          {(control) => (
            <select
              {...control}
              value={form.authType}
              onChange={(e) => set({ authType: AUTH_TYPES.find((t) => t === e.target.value) ?? 'none', secretRef: '' })}
            >
              <option value="none">none</option>
              <option value="basic">basic (username + password)</option>
              <option value="bearer">bearer token</option>
            </select>
          )}
        </FormField>
      )}
      {form.authType === 'basic' && !fixedAuth && (
        <FormField label="Username" error={errors.username}>
          {(control) => <input {...control} value={form.username} onChange={(e) => set({ username: e.target.value })} autoComplete="off" />}
        </FormField>
      )}
      {slot && (
        <FormField
          label={slot === 'password' ? 'Password' : 'Token'}
          error={errors[slot]}
          hint={
            <>
              Kept in the secret store as <code>{secretName}</code>
              {form.secretRef ? '; leave empty to keep it.' : '.'}
            </>
          }
        >
          {(control) => <input {...control} ref={secretInput} type="password" autoComplete="new-password" />}
        </FormField>
      )}
      <FormField label="CA file" error={errors.caFile} hint="Optional: a PEM file for a server with an in-house certificate.">
        {(control) => <input {...control} value={form.caFile} onChange={(e) => set({ caFile: e.target.value })} spellCheck={false} />}
      </FormField>
    </>
  );
}
