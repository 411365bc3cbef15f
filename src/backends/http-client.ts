import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';

import axios from 'axios';
import type { AxiosInstance } from 'axios';

import type { HttpAuth } from '../contract/backend-definitions';
import type { SecretVault } from '../config/secret-vault';
import { BackendUnavailableError, NotConfiguredError, OpsError } from '../errors';
import { bodyText, maskErrorAnswer } from './error-body';

export type SecretReader = Pick<SecretVault, 'reveal'>;

export interface HttpClientOptions {
  /** What a person calls the backend, for messages: "Graphite (prod)". */
  name: string;
  baseURL: string;
  /** Headers computed per request, so a secret set after start is used at once. */
  headers?: () => Record<string, string>;
  caFile?: string | undefined;
  timeoutMs?: number;
}

/**
 * The one way adapters speak HTTP: a timeout on every call, the caller's AbortSignal honoured,
 * an in-house CA when configured, and every failure turned into a message for the person on call.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const { name, baseURL, caFile, timeoutMs = 10_000 } = options;
  const client = axios.create({
    baseURL: baseURL.replace(/\/+$/, ''),
    timeout: timeoutMs,
    // A redirect to another host would carry our credentials along.
    maxRedirects: 0,
    ...(caFile ? { httpsAgent: new Agent({ ca: readCa(name, caFile) }) } : {}),
  });
  client.interceptors.request.use((config) => {
    for (const [key, value] of Object.entries(options.headers?.() ?? {})) config.headers.set(key, value);
    return config;
  });
  client.interceptors.response.use(undefined, (error: unknown) => Promise.reject(describeHttpFailure(name, baseURL, timeoutMs, error)));
  return client;
}

/** The Authorization header for a definition's auth, read from the secret store at call time. */
export function authHeaders(auth: HttpAuth, secrets: SecretReader, name: string): Record<string, string> {
  switch (auth.type) {
    case 'none':
      return {};
    case 'basic':
      return { Authorization: `Basic ${Buffer.from(`${auth.username}:${requireSecret(secrets, auth.passwordSecret, name)}`).toString('base64')}` };
    case 'bearer':
      return { Authorization: `Bearer ${requireSecret(secrets, auth.tokenSecret, name)}` };
  }
}

export function requireSecret(secrets: SecretReader, secretName: string, backendName: string): string {
  const value = secrets.reveal(secretName);
  if (!value) throw new NotConfiguredError(`${backendName} needs the secret "${secretName}", which is not set. Set it in Settings → Secrets.`);
  return value;
}

function readCa(name: string, caFile: string): Buffer {
  try {
    return readFileSync(caFile);
  } catch (cause) {
    throw new NotConfiguredError(`${name}: cannot read the CA file ${caFile} (${(cause as Error).message}).`, { cause });
  }
}

/** Connection refused, timeouts, 401s, HTML tracebacks: one readable sentence each. */
export function describeHttpFailure(name: string, baseURL: string, timeoutMs: number, error: unknown): Error {
  if (error instanceof OpsError) return error;
  // A call the user abandoned is not a backend failure: report it the way health tracking recognises.
  if (axios.isCancel(error)) return Object.assign(new Error('cancelled'), { name: 'AbortError' });
  if (!axios.isAxiosError(error)) return error instanceof Error ? error : new Error(String(error));
  maskErrorAnswer(error);
  const where = `${name} at ${baseURL}`;
  if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
    return new BackendUnavailableError(`${where} did not answer within ${timeoutMs / 1000} s.`, { cause: error });
  }
  const response = error.response;
  if (!response) {
    const reason = error.code === 'ECONNREFUSED' ? 'refused the connection (is it running?)' : error.code === 'ENOTFOUND' ? 'is not a known host name' : `could not be reached (${error.code ?? error.message})`;
    return new BackendUnavailableError(`${where} ${reason}.`, { cause: error });
  }
  const status = response.status;
  if (status === 401) {
    return new BackendUnavailableError(`${where} refused our credentials (401): check its token or password in Settings.`, { cause: error });
  }
  if (status === 403) {
    // Not always credentials: nginx says 403 for a file its worker may not read, or an access rule.
    return new BackendUnavailableError(
      `${where} refused access (403): check the token or password in Settings, and that the server may read what we asked for (file permissions, access rules).`,
      { cause: error },
    );
  }
  const said = bodyText(response);
  return new BackendUnavailableError(`${where} answered ${status}: ${/[.!?…]$/.test(said) ? said : `${said}.`}`, { cause: error });
}
