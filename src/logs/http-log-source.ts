import type { LogSourceDefinition } from '../contract/backend-definitions';
import type { LogSource } from '../backends/backend-set';
import { authHeaders, createHttpClient } from '../backends/http-client';
import type { SecretReader } from '../backends/http-client';
import { BackendUnavailableError } from '../errors';
import { readAroundByBisection } from './http-bisect';
import { startHttpTail } from './http-tail';

export type HttpLogSourceDefinition = Extract<LogSourceDefinition, { type: 'http' }>;

export interface HttpLogSourceOptions {
  /** How often a quiet log is asked for new lines. */
  pollMs?: number;
  /** How much of the recent past to show on start. */
  initialBytes?: number;
  /** The most one request asks for while catching up. */
  maxChunkBytes?: number;
  now?: () => number;
}

/**
 * A log file served over HTTP (nginx with Range, or the demo's server), followed by polling with
 * byte ranges. Only GET and HEAD are ever sent: there is nothing here that could write to a log
 * host or run anything on it.
 */
export function createHttpLogSource(def: HttpLogSourceDefinition, secrets: SecretReader, options: HttpLogSourceOptions = {}): LogSource {
  const { pollMs = 1_000, initialBytes = 64 * 1024, maxChunkBytes = 1024 * 1024, now = Date.now } = options;
  const file = fileName(def.url);
  const name = def.name ?? `${def.host} ${file}`;
  const client = createHttpClient({ name, baseURL: def.url, caFile: def.caFile, headers: () => authHeaders(def.auth, secrets, name) });
  const rotated = new URL(def.url);
  rotated.pathname += '.1';

  return {
    id: def.id,
    kind: 'logs',
    name,
    info: { id: def.id, name: file, host: def.host, service: def.service, kind: 'http', path: new URL(def.url).pathname },
    bufferLines: def.bufferLines,

    follow: (follower) =>
      startHttpTail({ client, name, file, url: def.url, rotatedUrl: rotated.href, pollMs, initialBytes, maxChunkBytes, now }, follower),

    readAround: (at, bytes, signal) => readAroundByBisection({ client, name, url: def.url, signal }, at, bytes),

    async check(signal) {
      const response = await client.head(def.url, {
        headers: { 'Accept-Encoding': 'identity' },
        validateStatus: (status) => status === 200 || status === 404,
        signal,
      });
      if (response.status === 404) throw new BackendUnavailableError(`${name}: there is no ${file} at ${def.url} (404). Check the path in the URL.`);
      const length = header(response.headers['content-length']);
      const modified = Date.parse(header(response.headers['last-modified']));
      const parts = [length ? formatSize(Number(length)) : 'size unknown'];
      if (Number.isFinite(modified)) parts.push(`last written ${formatAge(now() - modified)}`);
      const ranges = header(response.headers['accept-ranges']).toLowerCase() === 'bytes';
      const warning = ranges ? '' : ' The server does not announce byte ranges (Accept-Ranges), so following may download the whole file each time.';
      return `${file}: ${parts.join(', ')}.${warning}`;
    },
  };
}

/** `app.log` from `https://logs.internal/web-1/app.log`. */
function fileName(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last) || 'log';
  } catch {
    return last;
  }
}

function header(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.5 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

function formatAge(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h ago`;
  return `${Math.round(seconds / 86_400)} days ago`;
}
