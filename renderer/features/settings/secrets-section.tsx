import { useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { SecretsView } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useCatalog } from '../../api/catalog-context';
import { useOpsClient } from '../../api/ops-client';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { TimeAgo } from '../../ui/time-ago';
import { SecretForm } from './secret-form';

/** Which secrets are set and where they are kept. Values only ever go in, never come back out. */
export function SecretsSection() {
  const client = useOpsClient();
  const { version } = useCatalog();
  // A backend saved with a password stored one: list it.
  const secrets = useOpsQuery<SecretsView>(`secrets|${version}`, (c) => c.request('secrets.list', {}));
  const [error, setError] = useState<ApiError | null>(null);

  const clear = (name: string) => {
    setError(null);
    client.request('secrets.clear', { name }).then(secrets.refetch, (cause: unknown) => setError(asApiError(cause)));
  };

  return (
    <section className="drawer-section secrets">
      <h3>Secrets</h3>
      {secrets.data && (
        <p className={`storage-note storage-${secrets.data.storage.kind}`}>
          <strong>{secrets.data.storage.kind === 'memory' ? 'Memory only' : 'Encrypted on disk'}:</strong> {secrets.data.storage.note}
        </p>
      )}
      {secrets.error && <ErrorText error={secrets.error} prefix="Secrets" />}
      <table className="secrets-table">
        <tbody>
          {secrets.data?.secrets.length === 0 && (
            <tr>
              <td className="muted">No secrets set.</td>
            </tr>
          )}
          {secrets.data?.secrets.map((s) => (
            <tr key={s.name} data-testid="secret-row" data-name={s.name}>
              <td className="mono">{s.name}</td>
              <td className={s.isSet ? 'secret-set' : 'secret-unset'}>{s.isSet ? 'set' : 'not set'}</td>
              <td className="muted small">{s.updatedAt === null ? 'from environment or file' : <TimeAgo at={s.updatedAt} />}</td>
              <td>
                {s.isSet && (
                  <button type="button" className="button small" onClick={() => clear(s.name)} aria-label={`Clear ${s.name}`}>
                    Clear
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <ErrorText error={error} prefix="Not cleared" />}
      <SecretForm onSaved={secrets.refetch} />
    </section>
  );
}
