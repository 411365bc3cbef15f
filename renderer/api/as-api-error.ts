import { ApiError } from '../../src/contract/api-error';

/** Anything caught becomes an ApiError, so the UI can always branch on `code`. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ code: 'internal', message: error instanceof Error ? error.message : String(error) });
}
