import { useState } from 'react';

import { journalMatchOptions } from '../../../src/contract/backend-definitions';
import type { BackendDefinition, BackendEntry } from '../../../src/contract/backend-definitions';

export type BackendEntryRowProps = {
  entry: BackendEntry;
  configPath: string;
  onEdit: () => void;
  onRemove: () => void;
  busy: boolean;
};

/** One backend: what it is, where it points, and where it is defined (which says whether it can be changed here). */
export function BackendEntryRow({ entry, configPath, onEdit, onRemove, busy }: BackendEntryRowProps) {
  const { definition, origin } = entry;
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={`backend-entry origin-${origin}`} data-testid="backend-entry" data-id={definition.id} data-kind={definition.kind} data-origin={origin}>
      <div className="backend-entry-head">
        <span className="backend-entry-name">{definition.name ?? definition.id}</span>
        {definition.name && <code className="muted small">{definition.id}</code>}
        <span className="badge">{kindLabel(definition)}</span>
        {origin === 'demo' && <span className="badge demo-origin">demo</span>}
      </div>
      <div className="backend-entry-target mono small">{target(definition)}</div>
      {origin === 'config' && (
        <div className="backend-entry-origin small muted" title="Change it in the config file, then restart Ops Console.">
          from {configPath} (read-only)
        </div>
      )}
      {origin === 'settings' && (
        <div className="backend-entry-origin small">
          {confirming ? (
            <>
              <span>Remove {definition.id}?</span>
              <button type="button" className="button small danger" disabled={busy} onClick={onRemove}>
                Remove
              </button>
              <button type="button" className="button small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <>
              <span className="muted">added in the app</span>
              <button type="button" className="button small" onClick={onEdit} aria-label={`Edit ${definition.id}`}>
                Edit
              </button>
              <button type="button" className="button small" onClick={() => setConfirming(true)} aria-label={`Remove ${definition.id}`}>
                Remove…
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

function kindLabel(definition: BackendDefinition): string {
  return definition.kind === 'graphite' ? 'graphite' : `${definition.kind} · ${definition.type}`;
}

/** Where it points: a URL, or which Graphite and what in it. */
function target(definition: BackendDefinition): string {
  if (definition.kind === 'deploys' && definition.type === 'graphite-events') return `events tagged ${definition.tags.join(', ')} in ${definition.graphite}`;
  if (definition.kind === 'deploys' && definition.type === 'graphite-series') return `${definition.target} in ${definition.graphite}`;
  if (definition.kind === 'logs') {
    switch (definition.type) {
      case 'ssh':
        return `${definition.username}@${definition.address}:${definition.port} ${definition.file} (${definition.service} on ${definition.host})`;
      case 'ssh-journal':
        return `${definition.username}@${definition.address}:${definition.port} journal ${journalMatchText(definition)} (${definition.service}, hosts from the journal)`;
      case 'journal-gateway':
        return `${definition.url} journal ${journalMatchText(definition)} (${definition.service}, every host in it)`;
      case 'http':
        return `${definition.url} (${definition.service} on ${definition.host})`;
    }
  }
  return definition.url;
}

/** `-u checkout.service`, `-t sshd`, or `(all entries)`. */
function journalMatchText(match: { units: string[]; identifiers: string[] }): string {
  return journalMatchOptions(match) || '(all entries)';
}
