import type { ApiError, ErrorCode } from '../../src/contract/api-error';

/** What to do about it, by code; the core's message already says what failed and where. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  backend_unavailable: 'Retrying on the next refresh.',
  timeout: 'The backend is slow; try again.',
  not_found: 'Reload the list.',
  conflict: 'Someone else changed it; reload and check.',
  forbidden: 'Nothing was changed.',
  secret_storage_unavailable: 'The secret was not saved.',
  unknown_request: 'Reload this window.',
};

/**
 * What to tell the person on call. Branches on the code, never on message text: codes are the
 * contract. A code this window does not know yet (codes are only ever added) still shows the
 * core's message, which is written for people.
 */
export function describeError(error: ApiError): { message: string; hint: string | null } {
  if (error.code === 'invalid_input' && error.issues.length) {
    return { message: error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), hint: null };
  }
  if (error.code === 'internal') {
    return { message: error.message, hint: error.incidentId ? `Incident ${error.incidentId}.` : null };
  }
  return { message: error.message, hint: HINTS[error.code] ?? null };
}
