import axios from 'axios';

/**
 * The HTTP answer behind an error, if there was one, looked for through its causes: a flag
 * service's refusal wraps the http client's error, which wraps axios's, so one level is not
 * enough (a 403 looked through one level was taken for a write that may have landed).
 */
export function httpAnswer(error: unknown): { status: number; body: unknown } | undefined {
  let current: unknown = error;
  // Bounded: a cause chain is a few errors deep, and a cycle must not hang the caller.
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (axios.isAxiosError(current)) return current.response ? { status: current.response.status, body: current.response.data } : undefined;
    current = current.cause;
  }
  return undefined;
}
