import type { AxiosRequestConfig } from 'axios';

import { authHeaders, createHttpClient } from '../backends/http-client';
import type { SecretReader } from '../backends/http-client';
import type { GraphiteDefinition } from '../contract/backend-definitions';
import type { Series } from '../contract/wire-types';
import { explainGraphiteFailure } from './graphite-failures';
import type { GraphiteCall } from './graphite-failures';
import { parseGraphiteJson, toEvents, toNodes, toSeries } from './graphite-wire';
import type { GraphiteEvent, GraphiteNode } from './graphite-wire';
import { rawEndingAt, trailingVerdict, trailingVerdictWithStep, wholeSeconds, withoutLastPoint } from './trailing-buckets';
import type { WholeSeconds } from './trailing-buckets';

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
  const asParams = (sent: WholeSeconds) => ({ from: String(sent.from), until: String(sent.until) });

  const renderSeconds = async (targets: string[], sent: WholeSeconds, maxDataPoints: number | undefined, signal: AbortSignal): Promise<Series[]> => {
    const params = new URLSearchParams({ format: 'json', ...asParams(sent) });
    if (maxDataPoints !== undefined) params.set('maxDataPoints', String(Math.max(1, Math.floor(maxDataPoints))));
    for (const target of targets) params.append('target', target);
    const text = await call({ endpoint: '/render', targets }, { method: 'GET', params, signal });
    return toSeries(parseGraphiteJson(text, describe('/render')), describe('/render'));
  };

  /**
   * The raw step of each series, by target, read from a few raw points at the same `from` (so
   * from the same whisper archive). Asked for only when a trailing bucket's fate depends on it,
   * which needs `until` off the whole second; a failure here only leaves those buckets shown.
   */
  const rawSteps = async (targets: string[], sent: WholeSeconds, asking: Series[], signal: AbortSignal): Promise<Map<string, number>> => {
    // Two buckets' span holds at least two raw points of any step that consolidated into them.
    const span = Math.max(...asking.map((s) => (s.timestamps.length > 1 ? (s.timestamps.at(-1)! - s.timestamps.at(-2)!) / 1000 : sent.until - sent.from)));
    const probe = { from: sent.from, until: Math.min(sent.until, sent.from + 2 * span + 1) };
    try {
      const raw = await renderSeconds(targets, probe, undefined, signal);
      return new Map(raw.flatMap((s) => (s.timestamps.length > 1 ? [[s.target, s.timestamps[1]! - s.timestamps[0]!] as const] : [])));
    } catch (error) {
      if (signal.aborted) throw error;
      return new Map();
    }
  };

  return {
    name,
    url,
    async render({ targets, from, until, maxDataPoints }, signal) {
      if (targets.length === 0) return [];
      const sent = wholeSeconds(from, until);
      const series = await renderSeconds(targets, sent, maxDataPoints, signal);
      if (maxDataPoints === undefined) return series.map((s) => rawEndingAt(s, until));
      const verdicts = series.map((s) => trailingVerdict(s, until));
      const steps = verdicts.includes('ask') ? await rawSteps(targets, sent, series.filter((_, i) => verdicts[i] === 'ask'), signal) : new Map<string, number>();
      return series.map((s, i) => {
        const verdict = verdicts[i] === 'ask' ? trailingVerdictWithStep(s, until, steps.get(s.target) ?? null) : verdicts[i];
        return verdict === 'drop' ? withoutLastPoint(s) : s;
      });
    },
    async find(query, signal) {
      const params = new URLSearchParams({ query, format: 'treejson' });
      const text = await call({ endpoint: '/metrics/find' }, { method: 'GET', params, signal });
      return toNodes(parseGraphiteJson(text, describe('/metrics/find')), describe('/metrics/find'));
    },
    async events({ from, until, tags }, signal) {
      const params = new URLSearchParams(asParams(wholeSeconds(from, until)));
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

