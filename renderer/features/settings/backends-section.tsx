import { useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { BackendEntry } from '../../../src/contract/backend-definitions';
import { asApiError } from '../../api/as-api-error';
import { useCatalog } from '../../api/catalog-context';
import { useOpsClient } from '../../api/ops-client';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { BackendEntryRow } from './backend-entry-row';
import { BackendForm } from './backend-form';
import { emptyForm, formFromDefinition } from './backend-form-model';
import type { BackendFormValues } from './backend-form-model';

type Editing = { initial: BackendFormValues; editing: boolean; key: number };

/**
 * Every backend and where it is defined. The config file's are read-only here (the file is the
 * truth; it is re-read on restart), the demo's are labelled, and those added here can be edited
 * or removed.
 */
export function BackendsSection() {
  const client = useOpsClient();
  const { version, changed } = useCatalog();
  const list = useOpsQuery(`backends-list|${version}`, (c) => c.request('backends.list', {}));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const entries = list.data?.backends ?? [];
  const config = list.data?.configFile;
  const demo = entries.some((e) => e.origin === 'demo');
  const graphiteIds = entries.filter((e) => e.definition.kind === 'graphite').map((e) => e.definition.id);

  const open = (initial: BackendFormValues, isEdit: boolean) => {
    setSaved(null);
    setError(null);
    setEditing({ initial, editing: isEdit, key: Date.now() });
  };

  const onSaved = (entry: BackendEntry) => {
    setEditing(null);
    setSaved(entry.definition.id);
    changed();
  };

  const remove = (id: string) => {
    setRemoving(id);
    setError(null);
    client
      .request('backends.remove', { id })
      .then(
        () => changed(),
        (cause: unknown) => setError(asApiError(cause)),
      )
      .finally(() => setRemoving(null));
  };

  return (
    <section className="drawer-section backends" aria-label="Backends">
      <h3>Backends</h3>
      {config?.state === 'ok' && (
        <p className="muted small" data-testid="config-file-path">
          Config file: <code>{config.path}</code>
        </p>
      )}
      {(config?.state === 'invalid' || config?.state === 'partial') && (
        <p className="settings-warning" role="alert">
          {config.error ?? `The config file ${config.path} was not used.`}
        </p>
      )}
      {demo && (
        <p className="muted small">
          These are the built-in demo's backends. Adding your own (here or in a config file) replaces the whole demo, its dashboards included.
        </p>
      )}
      {list.error && !list.data && <ErrorText error={list.error} prefix="Backends" />}
      {list.data && entries.length === 0 && <p className="muted">No backends yet.</p>}
      <ul className="backend-list">
        {entries.map((entry) => (
          <BackendEntryRow
            key={`${entry.origin}:${entry.definition.id}`}
            entry={entry}
            configPath={config?.path ?? 'the config file'}
            busy={removing === entry.definition.id}
            onEdit={() => open(formFromDefinition(entry.definition), true)}
            onRemove={() => remove(entry.definition.id)}
          />
        ))}
      </ul>
      {error && <ErrorText error={error} prefix="Not removed" />}
      {saved && !editing && <p className="muted small">{saved} is saved.</p>}
      {editing ? (
        <BackendForm
          key={editing.key}
          initial={editing.initial}
          editing={editing.editing}
          graphiteIds={graphiteIds}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button type="button" className="button" onClick={() => open(emptyForm(), false)}>
          Add backend
        </button>
      )}
    </section>
  );
}
