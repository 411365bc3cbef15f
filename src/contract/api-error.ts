import { z } from './zod';

/**
 * Stable error codes. The UI branches on these, never on message text, so a code is never
 * renamed once shipped; add new ones instead.
 */
export const errorCodes = [
  'unknown_request',
  'invalid_input',
  /** The caller is not this app's own window (an untrusted IPC sender); it learns nothing more. */
  'forbidden',
  'timeout',
  'cancelled',
  'backend_unavailable',
  'not_found',
  /** No backend of that kind is configured yet: the message says where to add one. */
  'not_configured',
  'conflict',
  'secret_storage_unavailable',
  /** A write (a flip) was never sent: the backend failed the read before it. Nothing changed. */
  'not_sent',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const InputIssue = z.object({
  /** Dotted path into the input, e.g. `targets.0` or `reason`; empty for the input as a whole. */
  path: z.string(),
  message: z.string(),
});
export type InputIssue = z.infer<typeof InputIssue>;

export const ApiErrorBody = z.object({
  code: z.enum(errorCodes),
  /** Written for the person on call: what failed, where, and what to try. */
  message: z.string(),
  issues: z.array(InputIssue).optional(),
  /** Set on `internal` errors: the id under which the details were logged. */
  incidentId: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** What every request resolves to on the wire: errors cross as data, because an IPC rejection loses class and fields. */
export const ResultEnvelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorBody }),
]);
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** The error a client throws when a request fails; carries the wire body unchanged. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: InputIssue[];
  readonly incidentId: string | undefined;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.issues = body.issues ?? [];
    this.incidentId = body.incidentId;
  }
}
