import type { AuditEntry, AuditView, PublishState } from '../../../src/contract/wire-types';
import { useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { TimeAgo } from '../../ui/time-ago';
import { describeSetting } from './flag-state';

/** Enough for an incident's worth of flips; the file itself keeps everything (its path is shown). */
const SHOWN = 500;

const PUBLISH_WORDS: Record<PublishState['state'], string> = {
  sent: 'on the graphs',
  queued: 'queued for Graphite',
  failed: 'not on the graphs',
  'not-configured': 'no Graphite events configured',
};

/** The append-only record of every flip attempt, newest first, updated live as flips land and Graphite events are sent. */
export function AuditLog() {
  const audit = useOpsQuery<AuditView>('audit', (c) => c.request('audit.list', { limit: SHOWN }));
  const { setData, refetch } = audit;
  const loaded = audit.data !== undefined;
  // Before the first list arrives, an entry pushed in would drop that load (setData supersedes it): ask again instead.
  useOpsEvent('audit.changed', ({ entry }) => (loaded ? setData((view) => ({ file: view?.file ?? '', entries: upsert(view?.entries ?? [], entry) })) : refetch()));
  useReconnect(refetch);

  return (
    <div className="audit-log" role="region" aria-label="Audit log">
      {audit.error && <ErrorText error={audit.error} prefix="Audit log not read" />}
      {audit.data && (
        <p className="muted small">
          {audit.data.entries.length === 0 ? 'No flip recorded yet.' : `Newest first; the full log is ${audit.data.file}`}
        </p>
      )}
      <ol className="audit-entries">
        {audit.data?.entries.map((entry) => (
          <li key={entry.id} className={`audit-entry outcome-${entry.outcome}`} data-testid="audit-entry" data-key={entry.key} data-outcome={entry.outcome}>
            <span className="audit-when">
              <TimeAgo at={entry.at} />
            </span>
            <span className="audit-who">{entry.who}</span>
            <span className="audit-what">
              <span className="mono">{entry.key}</span> in <strong>{entry.environment}</strong>: {describeSetting(entry.before)} → {describeSetting(entry.after ?? entry.requested)}
              {entry.after === null && entry.outcome !== 'confirmed' && <span className="muted"> (asked)</span>}
            </span>
            <span className={`audit-outcome ${entry.outcome}`}>{entry.outcome}</span>
            <span className="audit-why">“{entry.reason}”</span>
            {entry.message && <span className="audit-message muted small">{entry.message}</span>}
            {entry.publish && <PublishNote publish={entry.publish} />}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Where the flip's Graphite event stands; only a flip that changed the flag has one. */
function PublishNote({ publish }: { publish: PublishState }) {
  return (
    <span className={`audit-publish ${publish.state}`} data-publish={publish.state} title={publish.lastError ?? undefined}>
      {PUBLISH_WORDS[publish.state]}
      {publish.state !== 'sent' && publish.attempts > 0 && ` (${publish.attempts} tries)`}
    </span>
  );
}

/** A new entry goes on top; a known one (its Graphite event moved from queued to sent) is replaced where it is. */
function upsert(entries: readonly AuditEntry[], entry: AuditEntry): AuditEntry[] {
  const at = entries.findIndex((e) => e.id === entry.id);
  if (at < 0) return [entry, ...entries].slice(0, SHOWN);
  return entries.map((e, i) => (i === at ? entry : e));
}
