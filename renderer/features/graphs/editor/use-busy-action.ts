import { useCallback, useState } from 'react';

import type { ApiError } from '../../../../src/contract/api-error';
import { asApiError } from '../../../api/as-api-error';

/**
 * Runs one request at a time for a form: `busy` disables its buttons so a double click cannot
 * send twice, and a failure becomes the ApiError the form shows where the user looks.
 */
export function useBusyAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
