import type { AxiosInstance } from 'axios';

import { BackendUnavailableError } from '../errors';
import { OVERLAP } from './tail-cursor';
import type { Cursor } from './tail-cursor';

/** What one read of a file at a cursor found. */
export type RangeRead =
  /** New bytes from cursor.offset on; `more` when the file holds more than one request returned. */
  | { kind: 'data'; data: Buffer; more: boolean }
  /** The file at this URL is not the one the cursor was reading: rotated, truncated or replaced. */
  | { kind: 'replaced'; size: number }
  | { kind: 'missing' };

export type SuffixRead = { kind: 'data'; start: number; body: Buffer } | { kind: 'missing' };

export interface RangeTarget {
  client: AxiosInstance;
  /** What the person calls the log, for messages. */
  name: string;
  url: string;
  signal: AbortSignal;
}

const EMPTY = Buffer.alloc(0);
/** A server that ignores Range sends the whole file every poll; past this size that is not a tail any more. */
const MAX_FULL_BODY = 32 * 1024 * 1024;

/** The last `bytes` bytes of the file (`Range: bytes=-N`), and where they start. */
export async function readSuffix(target: RangeTarget, bytes: number): Promise<SuffixRead> {
  const response = await get(target, `bytes=-${bytes}`);
  if (response.status === 404) return { kind: 'missing' };
  if (response.status === 416) return { kind: 'data', start: totalSize(response.contentRange) ?? 0, body: EMPTY };
  if (response.status === 200) {
    const start = Math.max(0, response.body.length - bytes);
    return { kind: 'data', start, body: response.body.subarray(start) };
  }
  const range = contentRange(target, response.contentRange);
  return { kind: 'data', start: range.start, body: response.body };
}

/**
 * The bytes after the cursor, asked for from 64 bytes earlier (`Range: bytes=(offset-64)-`): those
 * bytes must equal the ones already read, which tells a replaced file from a grown one even when
 * the new file is already larger, and keeps the request inside the file so a quiet log answers
 * 206 rather than nginx's 416-at-end-of-file (notes: browser-and-log-backends.md, section C).
 */
export async function readAfter(target: RangeTarget, cursor: Cursor, maxBytes: number): Promise<RangeRead> {
  const overlap = Math.min(cursor.offset, OVERLAP, cursor.tail.length);
  const from = cursor.offset - overlap;
  const response = await get(target, `bytes=${from}-${from + maxBytes - 1}`);
  if (response.status === 404) return { kind: 'missing' };
  if (response.status === 416) {
    const size = totalSize(response.contentRange);
    return size !== null && size < cursor.offset ? { kind: 'replaced', size } : { kind: 'data', data: EMPTY, more: false };
  }
  let body = response.body;
  let size: number;
  if (response.status === 200) {
    // The server ignored Range and sent the whole file: cut out what a 206 would have held.
    size = body.length;
    if (size < cursor.offset) return { kind: 'replaced', size };
    body = body.subarray(from, from + maxBytes);
  } else {
    const range = contentRange(target, response.contentRange);
    if (range.start !== from) throw unexpected(target, `bytes from ${range.start} when we asked from ${from}`);
    size = range.size;
  }
  if (!body.subarray(0, overlap).equals(cursor.tail.subarray(cursor.tail.length - overlap))) return { kind: 'replaced', size };
  return { kind: 'data', data: body.subarray(overlap), more: from + body.length < size };
}

/** `bytes[start, end]` (inclusive) and the file's size; an empty body past the end. */
export async function readRange(target: RangeTarget, start: number, end: number): Promise<{ body: Buffer; size: number }> {
  const response = await get(target, `bytes=${start}-${end}`);
  if (response.status === 404) throw new BackendUnavailableError(`There is no ${target.name} at ${target.url} (404).`);
  if (response.status === 416) return { body: EMPTY, size: totalSize(response.contentRange) ?? 0 };
  if (response.status === 200) return { body: response.body.subarray(start, end + 1), size: response.body.length };
  const range = contentRange(target, response.contentRange);
  if (range.start !== start) throw unexpected(target, `bytes from ${range.start} when we asked from ${start}`);
  return { body: response.body, size: range.size };
}

async function get(target: RangeTarget, range: string) {
  const response = await target.client.get<ArrayBuffer>(target.url, {
    // Compression would make byte offsets meaningless, and nginx does not range a gzipped body.
    headers: { Range: range, 'Accept-Encoding': 'identity' },
    decompress: false,
    responseType: 'arraybuffer',
    maxContentLength: MAX_FULL_BODY,
    validateStatus: (status) => status === 200 || status === 206 || status === 404 || status === 416,
    signal: target.signal,
  });
  const data: unknown = response.data;
  const body = Buffer.isBuffer(data) ? data : Buffer.from(response.data);
  const header: unknown = response.headers['content-range'];
  return { status: response.status, body, contentRange: typeof header === 'string' ? header : undefined };
}

function contentRange(target: RangeTarget, header: string | undefined): { start: number; size: number } {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header ?? '');
  if (!match) throw unexpected(target, header ? `Content-Range "${header}"` : 'a partial answer without Content-Range');
  return { start: Number(match[1]), size: Number(match[3]) };
}

// The size after the slash of `bytes */1000` or `bytes 0-9/1000`.
function totalSize(header: string | undefined): number | null {
  const match = /\/(\d+)$/.exec(header ?? '');
  return match ? Number(match[1]) : null;
}

function unexpected(target: RangeTarget, what: string): Error {
  return new BackendUnavailableError(`${target.name} at ${target.url} answered ${what}; it cannot be followed by byte ranges.`);
}
