import type { ErrorCode, InputIssue } from './contract/api-error';
import { maskKnownSecrets } from './secret-mask';

/**
 * Errors the core throws on purpose. Each maps to one wire code; its message is written for
 * the person on call and crosses the boundary as is. Anything else becomes `internal`.
 * The message is masked as it is made: it often quotes a backend or a library (an SSH host's
 * complaint, a webhook's error page), which may have echoed any secret this process knows.
 */
export abstract class OpsError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(maskKnownSecrets(message), options);
    this.name = new.target.name;
  }
}

/** What went wrong, for an answer, an event or the audit log: any error's message, with every known secret masked. */
export function describeError(error: unknown): string {
  if (error instanceof OpsError) return error.message;
  return maskKnownSecrets(error instanceof Error ? error.message : String(error));
}

export class InvalidInputError extends OpsError {
  readonly code = 'invalid_input';
  constructor(
    message: string,
    readonly issues: InputIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class BackendUnavailableError extends OpsError {
  readonly code = 'backend_unavailable';
}

export class NotFoundError extends OpsError {
  readonly code = 'not_found';
}

export class NotConfiguredError extends OpsError {
  readonly code = 'not_configured';
}

/** The request is understood but not allowed here (a flip asked of a viewer). */
export class ForbiddenError extends OpsError {
  readonly code = 'forbidden';
}

/** A write that was never sent: its backend failed the read it needed first, so nothing changed. */
export class NotSentError extends OpsError {
  readonly code = 'not_sent';
}

export class ConflictError extends OpsError {
  readonly code = 'conflict';
}

export class SecretStorageUnavailableError extends OpsError {
  readonly code = 'secret_storage_unavailable';
}

export class TimeoutError extends OpsError {
  readonly code = 'timeout';
}

export class CancelledError extends OpsError {
  readonly code = 'cancelled';
}
