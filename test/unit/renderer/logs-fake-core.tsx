import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';

import { compileLogFilter } from '../../../src/contract/log-filter';
import type { EventEnvelope, EventName, EventPayload } from '../../../src/contract/events';
import { requests } from '../../../src/contract/requests';
import type { RequestName } from '../../../src/contract/requests';
import type { LogFilter, LogGap, LogLine, LogSourceInfo, LogSourceStatus } from '../../../src/contract/wire-types';
import { connect, OpsConnectionContext } from '../../../renderer/api/ops-client';
import { createLogsNavigation, LogsNavigationContext } from '../../../renderer/features/logs/logs-navigation';
import type { LogsNavigation } from '../../../renderer/features/logs/logs-navigation';

type Handler = (input: any) => unknown;

/**
 * The log requests of the contract answered from arrays in memory, for the viewer's component
 * tests: inputs and outputs go through the contract's own schemas, and filters through
 * `compileLogFilter`, as the real core does. Time is the test's to set.
 */
export function fakeLogCore(infos: Omit<LogSourceInfo, 'kind' | 'path'>[] = [{ id: 'web-1', name: 'app.log', host: 'web-1', service: 'web' }]) {
  const sources: LogSourceInfo[] = infos.map((info) => ({ ...info, kind: 'http' as const, path: `${info.host}/${info.name}` }));
  const statuses = new Map<string, LogSourceStatus>(sources.map((s) => [s.id, { id: s.id, state: 'live', since: 0, message: null, hostKeyFingerprint: null }]));
  const stored = new Map<string, LogLine[]>(sources.map((s) => [s.id, []]));
  const listeners = new Set<(event: EventEnvelope) => void>();
  const reconnects = new Set<() => void>();
  const calls: { name: string; input: any }[] = [];
  let clock = Date.UTC(2026, 10, 23, 14, 0, 0);

  const ofSources = (ids: string[], filter: LogFilter | null) => {
    const compiled = compileLogFilter(filter);
    if (!compiled.ok) throw new Error(compiled.error);
    return ids
      .flatMap((id) => stored.get(id) ?? [])
      .filter((l) => l.gap !== null || compiled.matches(l.text, l.level))
      .sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  };
  const handlers: Partial<Record<RequestName, Handler>> = {
    'logs.sources': () => sources.map((source) => ({ source, status: statuses.get(source.id)! })),
    'logs.query': ({ sourceIds, filter, until, limit }) => {
      const lines = ofSources(sourceIds, filter)
        .filter((l) => until === null || (l.at ?? 0) <= until)
        .slice(-limit);
      return { lines, scanned: lines.length, matched: lines.length };
    },
    'logs.around': ({ sourceIds, at, before, after, filter }) => {
      const all = ofSources(sourceIds, filter);
      const first = all.findIndex((l) => (l.at ?? 0) >= at);
      const anchor = first < 0 ? all.length : first;
      const from = Math.max(0, anchor - before);
      return { lines: all.slice(from, anchor + after), anchor: anchor - from, note: null };
    },
    'logs.volume': ({ sourceIds, from, until, bucketMs }) => {
      const buckets = [];
      for (let at = from; at < until; at += bucketMs) {
        const inBucket = ofSources(sourceIds, null).filter((l) => l.at !== null && l.at >= at && l.at < at + bucketMs);
        buckets.push({ at, total: inBucket.length, matched: inBucket.length, errors: inBucket.filter((l) => l.level === 'error').length });
      }
      return buckets;
    },
    'logs.trustHostKey': ({ sourceId }) => {
      const status: LogSourceStatus = { id: sourceId, state: 'live', since: clock, message: null, hostKeyFingerprint: null };
      statuses.set(sourceId, status);
      return status;
    },
  };

  const bridge = {
    request: async (name: string, input: unknown) => {
      const spec = requests[name as RequestName];
      const handler = handlers[name as RequestName];
      if (!spec || !handler) return { ok: false, error: { code: 'unknown_request', message: `${name} is not faked` } };
      calls.push({ name, input: structuredClone(input) });
      try {
        return { ok: true, value: spec.output.parse(handler(spec.input.parse(input))) };
      } catch (error) {
        return { ok: false, error: { code: 'invalid_input', message: (error as Error).message } };
      }
    },
    on: (listener: (event: EventEnvelope) => void) => (listeners.add(listener), () => void listeners.delete(listener)),
    onReconnect: (listener: () => void) => (reconnects.add(listener), () => void reconnects.delete(listener)),
  };
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => listeners.forEach((l) => l({ name, payload }));

  /** Stores lines in a source (as its ring buffer would) without telling the viewer. */
  const store = (sourceId: string, texts: (string | Partial<LogLine>)[]): LogLine[] => {
    const list = stored.get(sourceId)!;
    const made = texts.map((t, i): LogLine => {
      clock += 1_000;
      const base = typeof t === 'string' ? { text: t } : t;
      return { sourceId, host: sources.find((s) => s.id === sourceId)!.host, seq: list.length + i, at: clock, level: 'info', truncatedFrom: null, gap: null, text: '', ...base } as LogLine;
    });
    list.push(...made);
    return made;
  };

  return {
    bridge,
    calls,
    now: () => clock,
    store,
    /** Stores lines and pushes them as a `logs.lines` event, then lets a frame pass so they are drawn. */
    write: async (sourceId: string, ...texts: (string | Partial<LogLine>)[]) => {
      await act(async () => {
        emit('logs.lines', { sourceId, lines: store(sourceId, texts) });
        await nextFrame();
      });
    },
    /** Sends lines already sent (a replay after a reconnect): the viewer must not show them twice. */
    resend: async (lines: LogLine[]) => act(async () => (emit('logs.lines', { sourceId: lines[0]!.sourceId, lines }), await nextFrame())),
    gap: (sourceId: string, gap: LogGap) => store(sourceId, [{ text: `gap: ${gap.reason}`, gap, level: null }]),
    status: async (status: LogSourceStatus) => act(async () => (statuses.set(status.id, status), emit('logs.status', { status }))),
    reconnect: async () => act(async () => (reconnects.forEach((r) => r()), await nextFrame())),
    /** A journal's hosts showed up: each is listed as a source of its own instead of the journal (as LiveBackends does), and the viewer is told. */
    hostsAppear: async (sourceId: string, hosts: string[]) =>
      act(async () => {
        const at = sources.findIndex((s) => s.id === sourceId);
        const journal = sources[at]!;
        const made = hosts.map((host) => ({ ...journal, id: `${sourceId}@${host}`, host }));
        sources.splice(at, 1, ...made);
        for (const host of made) {
          statuses.set(host.id, { ...statuses.get(sourceId)!, id: host.id });
          stored.set(host.id, []);
        }
        emit('logs.sourcesChanged', { sourceId });
        await nextFrame();
      }),
  };
}

export type FakeLogCore = ReturnType<typeof fakeLogCore>;

/** Renders `ui` against the fake core with its own navigation (so tests do not share the window's). */
export function renderWithLogs(core: FakeLogCore, ui: ReactNode, navigation: LogsNavigation = createLogsNavigation()) {
  const view = render(
    <OpsConnectionContext value={connect(core.bridge)}>
      <LogsNavigationContext value={navigation}>{ui}</LogsNavigationContext>
    </OpsConnectionContext>,
  );
  return { ...view, navigation };
}

export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
