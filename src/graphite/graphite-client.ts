import type { AxiosRequestConfig } from 'axios';

import { authHeaders, createHttpClient } from '../backends/http-client';
import type { SecretReader } from '../backends/http-client';
import type { GraphiteDefinition } from '../contract/backend-definitions';
import type { Series } from '../contract/wire-types';
import { explainGraphiteFailure } from './graphite-failures';
import type { GraphiteCall } from './graphite-failures';
import { parseGraphiteJson, toEvents, toNodes, toSeries } from './graphite-wire';
import type { GraphiteEvent, GraphiteNode } from './graphite-wire';

export interface GraphiteRender {
  targets: string[];
  /** Epoch milliseconds, like every time in the app; Graphite is asked in seconds. */
  from: number;
  until: number;
  /** Omit for raw points (deploy-marker series must not be averaged away). */
  maxDataPoints?: number;
}

export interface NewGraphiteEvent {
  what: string;
  tags: string[];
  data: string;
  /** Epoch seconds; Graphite's own clock when omitted. */
  when?: number;
}

export interface GraphiteClient {
  readonly name: string;
  readonly url: string;
  /** A target with a syntax error may come back as `[]`, like one with no data: Graphite cannot tell them apart either. */
  render(query: GraphiteRender, signal: AbortSignal): Promise<Series[]>;
  find(query: string, signal: AbortSignal): Promise<GraphiteNode[]>;
  events(query: { from: number; until: number; tags: string[] }, signal: AbortSignal): Promise<GraphiteEvent[]>;
  postEvent(event: NewGraphiteEvent, signal: AbortSignal): Promise<void>;
  /** graphite-web's version (`1.1.8`), or null when it does not say (older versions have no /version). */
  version(signal: AbortSignal): Promise<string | null>;
}

/** graphite-web's documented HTTP API (render, metrics/find, events), read and written through the shared HTTP client. */
export function createGraphiteClient(def: GraphiteDefinition, secrets: SecretReader): GraphiteClient {
  const name = def.name ?? def.id;
  const url = def.url;
  const http = createHttpClient({ name, baseURL: url, caFile: def.caFile, headers: () => authHeaders(def.auth, secrets, name) });

  /** One GET or POST whose body comes back as text, with Graphite's failures explained. */
  const call = async (what: Omit<GraphiteCall, 'name' | 'url'>, config: AxiosRequestConfig): Promise<string> => {
    try {
      const response = await http.request<string>({ ...config, url: what.endpoint, responseType: 'text', transformResponse: [(data: unknown) => data] });
      return typeof response.data === 'string' ? response.data : '';
    } catch (error) {
      throw explainGraphiteFailure({ ...what, name, url }, error);
    }
  };
  const describe = (endpoint: string) => () => `${name} at ${url} (${endpoint})`;

  return {
    name,
    url,
    async render({ targets, from, until, maxDataPoints }, signal) {
      if (targets.length === 0) return [];
      const params = new URLSearchParams({ format: 'json', ...seconds(from, until) });
      if (maxDataPoints !== undefined) params.set('maxDataPoints', String(Math.max(1, Math.floor(maxDataPoints))));
      for (const target of targets) params.append('target', target);
      const text = await call({ endpoint: '/render', targets }, { method: 'GET', params, signal });
      return toSeries(parseGraphiteJson(text, describe('/render')), describe('/render')).map((series) => endingAt(series, until));
    },
    async find(query, signal) {
      const params = new URLSearchParams({ query, format: 'treejson' });
      const text = await call({ endpoint: '/metrics/find' }, { method: 'GET', params, signal });
      return toNodes(parseGraphiteJson(text, describe('/metrics/find')), describe('/metrics/find'));
    },
    async events({ from, until, tags }, signal) {
      const params = new URLSearchParams(seconds(from, until));
      // Space-separated, and an event must carry every one of them.
      if (tags.length) params.set('tags', tags.join(' '));
      const text = await call({ endpoint: '/events/get_data' }, { method: 'GET', params, signal });
      return toEvents(parseGraphiteJson(text, describe('/events/get_data')), describe('/events/get_data'));
    },
    async postEvent(event, signal) {
      // The trailing slash matters: without it Django redirects, and a redirected POST is lost.
      await call({ endpoint: '/events/' }, { method: 'POST', data: JSON.stringify(event), headers: { 'Content-Type': 'application/json' }, signal });
    },
    async version(signal) {
      try {
        const text = (await call({ endpoint: '/version' }, { method: 'GET', signal })).trim();
        return /^\d+(\.\d+)+\S*$/.test(text) ? text : null;
      } catch (error) {
        if (signal.aborted) throw error;
        return null;
      }
    },
  };
}

/** Whole seconds that still cover the range asked for, never an empty range (a 400 in Graphite). */
function seconds(from: number, until: number): { from: string; until: string } {
  const start = Math.floor(from / 1000);
  const end = Math.max(start + 1, Math.ceil(until / 1000));
  return { from: String(start), until: String(end) };
}

/**
 * The series without the buckets that start after `until`: graphite-web labels a bucket by its
 * start and rounds the end up to a whole bucket, so its last point can lie past the range asked
 * for, holding nothing of it.
 */
function endingAt(series: Series, until: number): Series {
  let end = series.timestamps.length;
  while (end > 0 && series.timestamps[end - 1]! > until) end--;
  return end === series.timestamps.length ? series : { ...series, timestamps: series.timestamps.slice(0, end), values: series.values.slice(0, end) };
}
