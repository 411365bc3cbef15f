import type { ApiError } from '../../src/contract/api-error';

/**
 * What to tell the person on call, by error code. The core's message already says what failed
 * and where; this adds what to do about it. Never match on message text: codes are the contract.
 */
export function describeError(error: ApiError): { message: string; hint: string | null } {
  switch (error.code) {
    case 'backend_unavailable':
      return { message: error.message, hint: 'Retrying on the next refresh.' };
    case 'timeout':
      return { message: error.message, hint: 'The backend is slow; try again.' };
    case 'invalid_input':
      return {
        message: error.issues.length ? error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') : error.message,
        hint: null,
      };
    case 'not_found':
      return { message: error.message, hint: 'Reload the list.' };
    case 'conflict':
      return { message: error.message, hint: 'Someone else changed it; reload and check.' };
    case 'secret_storage_unavailable':
      return { message: error.message, hint: 'The secret was not saved.' };
    case 'internal':
      return { message: error.message, hint: error.incidentId ? `Incident ${error.incidentId}.` : null };
    case 'unknown_request':
    case 'forbidden':
      return { message: error.message, hint: 'Reload this window.' };
    default:
      // Codes only get added (never renamed); one this window does not know yet still has a message for people.
      return { message: error.message, hint: null };
  }
}
