import type { AxiosInstance } from 'axios';

import type { z } from '../contract/zod';
import { parseAnswer } from './unleash-schemas';

export type ConditionalGet<T> = (url: string, signal: AbortSignal) => Promise<{ value: T; changed: boolean }>;

/**
 * GETs for polling: each URL's last answer is kept with its ETag and sent back as If-None-Match,
 * so an unchanged answer costs Unleash a 304 with no body (7 ms instead of 70–100 ms for 300
 * flags) and us no parsing. Unleash's ETags are only body hashes: fine for reads, useless for writes.
 */
export function createConditionalGet<T>(client: AxiosInstance, schema: z.ZodType<T>, where: string, what: string): ConditionalGet<T> {
  const cache = new Map<string, { etag: string; value: T }>();
  return async (url, signal) => {
    const cached = cache.get(url);
    const response = await client.get<unknown>(url, {
      signal,
      headers: cached ? { 'If-None-Match': cached.etag } : {},
      validateStatus: (status) => status === 200 || (status === 304 && cached !== undefined),
    });
    if (response.status === 304 && cached) return { value: cached.value, changed: false };
    const value = parseAnswer(schema, response.data, where, what);
    const etag: unknown = response.headers.etag;
    if (typeof etag === 'string') cache.set(url, { etag, value });
    else cache.delete(url);
    return { value, changed: true };
  };
}
