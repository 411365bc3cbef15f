import { useRef, useState } from 'react';
import type { FormEvent } from 'react';

import { ApiError } from '../../../src/contract/api-error';
import type { InputIssue } from '../../../src/contract/api-error';
import { BackendDefinition } from '../../../src/contract/backend-definitions';
import type { BackendEntry, ConnectionTest } from '../../../src/contract/backend-definitions';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { ErrorText } from '../../ui/error-text';
import type { BackendFormValues, BackendKind, DefinitionInput, DeployType, FieldName, LogType } from './backend-form-model';
import { fieldOfIssue, secretRefFor, secretSlot, toDefinition, usesSsh } from './backend-form-model';
import { FormField } from './form-field';
import { HttpFields } from './http-fields';
import { JournalMatchFields } from './journal-match-fields';
import { SshFields } from './ssh-fields';

export type BackendFormProps = {
  initial: BackendFormValues;
  /** Editing a saved backend: its id and kind are fixed. */
  editing: boolean;
  /** For a deploy source that reads Graphite: which Graphite. */
  graphiteIds: readonly string[];
  onSaved: (entry: BackendEntry) => void;
  onCancel: () => void;
};

const KINDS: readonly { kind: BackendKind; label: string }[] = [
  { kind: 'graphite', label: 'Graphite (metrics)' },
  { kind: 'deploys', label: 'Deploys' },
  { kind: 'flags', label: 'Flags (Unleash)' },
  { kind: 'logs', label: 'Logs (HTTP, SSH or a journal)' },
];
const LOG_TYPES: readonly { type: LogType; label: string }[] = [
  { type: 'http', label: 'HTTP (Range requests, e.g. nginx)' },
  { type: 'ssh', label: 'SSH (read-only tail)' },
  { type: 'ssh-journal', label: 'SSH: the host’s systemd journal' },
  { type: 'journal-gateway', label: 'Central journal (systemd-journal-gatewayd)' },
];
const DEPLOY_TYPES: readonly { type: DeployType; label: string }[] = [
  { type: 'graphite-events', label: 'Graphite events' },
  { type: 'graphite-series', label: 'Graphite series' },
  { type: 'http-json', label: 'HTTP JSON list' },
];

type FieldErrors = Partial<Record<FieldName, string>>;

/**
 * Adds or edits one backend. A secret typed here goes to the secret store under a name made from
 * the id, the definition names it, and the input is emptied as the value is read: the value is
 * never in React state, in the definition or in the page afterwards.
 */
export function BackendForm({ initial, editing, graphiteIds, onSaved, onCancel }: BackendFormProps) {
  const client = useOpsClient();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [tested, setTested] = useState<ConnectionTest | null>(null);
  const secretInput = useRef<HTMLInputElement>(null);
  const keyInput = useRef<HTMLTextAreaElement>(null);

  const set = (patch: Partial<BackendFormValues>) => {
    setForm((current) => ({ ...current, ...patch }));
    // A result is about the values it was given.
    setTested(null);
  };

  const showIssues = (issues: readonly InputIssue[]) => {
    const byField: FieldErrors = {};
    const rest: InputIssue[] = [];
    for (const issue of issues) {
      const field = fieldOfIssue(issue.path);
      if (field && byField[field] === undefined) byField[field] = issue.message;
      else if (!field) rest.push(issue);
    }
    setErrors(byField);
    if (rest.length) setProblem(new ApiError({ code: 'invalid_input', message: 'Not valid', issues: rest }));
  };

  const showError = (error: ApiError) => {
    if (error.code === 'invalid_input' && error.issues.length) return showIssues(error.issues);
    // A config-defined id: the id is what to change.
    if (error.code === 'conflict') setErrors({ id: 'defined in the config file' });
    setProblem(error);
  };

  /**
   * The definition to send, after the same check the core makes (so a secret is never stored
   * under a name built from an invalid id) and after its secret, if one was typed, is stored.
   */
  const prepare = async (): Promise<DefinitionInput | null> => {
    setErrors({});
    setProblem(null);
    const slot = secretSlot(form);
    const ref = slot ? secretRefFor(form, slot) : null;
    const definition = toDefinition(form, ref);
    const checked = BackendDefinition.safeParse(definition);
    if (!checked.success) {
      showIssues(checked.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
      return null;
    }
    const input = secretInput.current ?? keyInput.current;
    if (ref && input && input.value !== '') {
      const value = input.value;
      input.value = '';
      await client.request('secrets.set', { name: ref, value });
      // From now on the definition names this secret, even if the id is edited before saving.
      setForm((current) => ({ ...current, secretRef: ref }));
    }
    return definition;
  };

  const run = async (what: 'test' | 'save') => {
    if (busy) return;
    setBusy(what);
    setTested(null);
    try {
      const definition = await prepare();
      if (!definition) return;
      if (what === 'test') setTested(await client.request('backends.test', { definition }));
      else onSaved(await client.request('backends.save', { definition }));
    } catch (cause) {
      showError(asApiError(cause));
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run('save');
  };

  const graphiteChoices = form.graphite && !graphiteIds.includes(form.graphite) ? [form.graphite, ...graphiteIds] : graphiteIds;

  return (
    <form className="backend-form" onSubmit={submit} aria-label={editing ? `Edit ${initial.id}` : 'Add backend'} autoComplete="off" noValidate>
      {!editing && (
        <FormField label="Kind" error={errors.kind}>
          {(control) => (
            <select {...control} value={form.kind} onChange={(e) => set({ kind: KINDS.find((k) => k.kind === e.target.value)?.kind ?? 'graphite', secretRef: '' })}>
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      {form.kind === 'deploys' && (
        <FormField label="Deploys from" error={errors.deployType}>
          {(control) => (
            <select
              {...control}
              value={form.deployType}
              onChange={(e) => set({ deployType: DEPLOY_TYPES.find((t) => t.type === e.target.value)?.type ?? 'graphite-events', secretRef: '' })}
            >
              {DEPLOY_TYPES.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      <FormField label="Id" error={errors.id} hint={editing ? undefined : 'lower-case letters, digits, - or _'}>
        {(control) => (
          <input {...control} value={form.id} onChange={(e) => set({ id: e.target.value })} readOnly={editing} placeholder="graphite-prod" spellCheck={false} />
        )}
      </FormField>
      <FormField label="Name" error={errors.name}>
        {(control) => <input {...control} value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="Graphite (prod)" />}
      </FormField>

      {form.kind === 'graphite' && <HttpFields form={form} errors={errors} set={set} secretInput={secretInput} urlPlaceholder="https://graphite.example.com" />}

      {form.kind === 'deploys' && form.deployType !== 'http-json' && (
        <FormField label="Graphite" error={errors.graphite} hint={graphiteChoices.length === 0 ? 'Add a Graphite backend first.' : undefined}>
          {(control) => (
            <select {...control} value={form.graphite} onChange={(e) => set({ graphite: e.target.value })}>
              <option value="">choose…</option>
              {graphiteChoices.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      {form.kind === 'deploys' && form.deployType === 'graphite-events' && (
        <FormField label="Tags" error={errors.tags} hint="Comma-separated; events with all of them are deploys.">
          {(control) => <input {...control} value={form.tags} onChange={(e) => set({ tags: e.target.value })} spellCheck={false} />}
        </FormField>
      )}
      {form.kind === 'deploys' && form.deployType === 'graphite-series' && (
        <FormField label="Target" error={errors.target} hint="Each non-zero point is a deploy.">
          {(control) => <input {...control} value={form.target} onChange={(e) => set({ target: e.target.value })} placeholder="deploys.*" spellCheck={false} />}
        </FormField>
      )}
      {form.kind === 'deploys' && form.deployType === 'http-json' && (
        <>
          <HttpFields form={form} errors={errors} set={set} secretInput={secretInput} urlPlaceholder="https://deploys.example.com/api/deploys" />
          <FormField label="Items path" error={errors.itemsPath} hint="Dotted path to the list; empty when the answer is the list.">
            {(control) => <input {...control} value={form.itemsPath} onChange={(e) => set({ itemsPath: e.target.value })} placeholder="data.deploys" spellCheck={false} />}
          </FormField>
          {(['who', 'what', 'when', 'link'] as const).map((field) => (
            <FormField key={field} label={`Field: ${field}`} error={errors[field]} hint={field === 'link' ? 'Optional.' : undefined}>
              {(control) => <input {...control} value={form[field]} onChange={(e) => set({ [field]: e.target.value })} spellCheck={false} />}
            </FormField>
          ))}
        </>
      )}

      {form.kind === 'flags' && (
        <>
          <HttpFields form={form} errors={errors} set={set} secretInput={secretInput} urlPlaceholder="https://unleash.example.com" fixedAuth />
          <FormField label="Project" error={errors.project}>
            {(control) => <input {...control} value={form.project} onChange={(e) => set({ project: e.target.value })} spellCheck={false} />}
          </FormField>
        </>
      )}

      {form.kind === 'logs' && (
        <>
          <FormField label="Read over" error={errors.logType}>
            {(control) => (
              <select {...control} value={form.logType} onChange={(e) => set({ logType: LOG_TYPES.find((t) => t.type === e.target.value)?.type ?? 'http', secretRef: '' })}>
                {LOG_TYPES.map(({ type, label }) => (
                  <option key={type} value={type}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {usesSsh(form) ? (
            <SshFields form={form} errors={errors} set={set} keyInput={keyInput} />
          ) : (
            <HttpFields
              form={form}
              errors={errors}
              set={set}
              secretInput={secretInput}
              urlPlaceholder={form.logType === 'journal-gateway' ? 'http://journal.example.com:19531' : 'https://logs.example.com/web-1/app.log'}
            />
          )}
          {(form.logType === 'ssh-journal' || form.logType === 'journal-gateway') && <JournalMatchFields form={form} errors={errors} set={set} />}
          {form.logType !== 'journal-gateway' && (
            <FormField label="Host" error={errors.host} hint={form.logType === 'ssh-journal' ? 'Optional: each entry names its host (_HOSTNAME); this is shown until the first one does.' : undefined}>
              {(control) => <input {...control} value={form.host} onChange={(e) => set({ host: e.target.value })} placeholder="web-1" spellCheck={false} />}
            </FormField>
          )}
          <FormField label="Service" error={errors.service}>
            {(control) => <input {...control} value={form.service} onChange={(e) => set({ service: e.target.value })} placeholder="web" spellCheck={false} />}
          </FormField>
        </>
      )}

      <div className="form-actions">
        <button type="button" className="button" disabled={busy !== null} onClick={() => void run('test')}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button primary" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {tested && (
        <p className={`connection-test ${tested.ok ? 'ok' : 'fail'}`} role="status" data-testid="connection-test" data-ok={tested.ok}>
          {tested.ok ? '✓ ' : '✗ '}
          {tested.message}
        </p>
      )}
      {problem && <ErrorText error={problem} {...(problem.code === 'invalid_input' ? { prefix: 'Not valid' } : {})} />}
    </form>
  );
}
