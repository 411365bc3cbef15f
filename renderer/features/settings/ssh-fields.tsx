import type { Ref } from 'react';

import type { BackendFormValues, FieldName, SshAuthType } from './backend-form-model';
import { secretNameFor } from './backend-form-model';
import { FormField } from './form-field';

export type SshFieldsProps = {
  form: BackendFormValues;
  errors: Partial<Record<FieldName, string>>;
  set: (patch: Partial<BackendFormValues>) => void;
  /** The private key's box: uncontrolled, so the key never enters React state. */
  keyInput: Ref<HTMLTextAreaElement>;
};

/**
 * An SSH log host: where it is, who logs in, how, and which log (a name the host's forced-command
 * wrapper knows, never a path). docs/log-hosts.md says what the operator sets up on the host.
 */
export function SshFields({ form, errors, set, keyInput }: SshFieldsProps) {
  const id = form.id.trim();
  const keyName = form.secretRef || (id ? secretNameFor(id, 'key') : '<id>.key');
  return (
    <>
      <FormField label="SSH host" error={errors.sshAddress}>
        {(control) => (
          <input {...control} value={form.sshAddress} onChange={(e) => set({ sshAddress: e.target.value })} placeholder="web-1.internal" spellCheck={false} />
        )}
      </FormField>
      <FormField label="Port" error={errors.sshPort}>
        {(control) => <input {...control} value={form.sshPort} onChange={(e) => set({ sshPort: e.target.value })} inputMode="numeric" />}
      </FormField>
      <FormField label="User" error={errors.sshUser} hint="The account whose key is restricted to the read-only wrapper.">
        {(control) => <input {...control} value={form.sshUser} onChange={(e) => set({ sshUser: e.target.value })} placeholder="logreader" spellCheck={false} />}
      </FormField>
      {form.logType === 'ssh' && (
        <FormField label="Log name" error={errors.file} hint="As the wrapper knows it: app for /var/log/app/app.log.">
          {(control) => <input {...control} value={form.file} onChange={(e) => set({ file: e.target.value })} placeholder="app" spellCheck={false} />}
        </FormField>
      )}
      <FormField label="Key from" error={errors.authType}>
        {(control) => (
          <select {...control} value={form.sshAuth} onChange={(e) => set({ sshAuth: (e.target.value === 'agent' ? 'agent' : 'key') satisfies SshAuthType, secretRef: '' })}>
            <option value="key">a private key kept in the secret store</option>
            <option value="agent">the running ssh-agent</option>
          </select>
        )}
      </FormField>
      {form.sshAuth === 'key' && (
        <FormField
          label="Private key"
          error={errors.key}
          hint={
            <>
              Kept in the secret store as <code>{keyName}</code>
              {form.secretRef ? '; leave empty to keep it.' : '.'}
            </>
          }
        >
          {(control) => <textarea {...control} ref={keyInput} rows={4} spellCheck={false} autoComplete="off" placeholder="-----BEGIN OPENSSH PRIVATE KEY-----" />}
        </FormField>
      )}
      <FormField label="Jump host" error={errors.jumpHost} hint="Optional: user@bastion:22, like ssh -J.">
        {(control) => <input {...control} value={form.jumpHost} onChange={(e) => set({ jumpHost: e.target.value })} spellCheck={false} />}
      </FormField>
    </>
  );
}
