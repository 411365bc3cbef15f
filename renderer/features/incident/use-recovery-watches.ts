import { useCallback, useEffect, useRef, useState } from 'react';

import type { PanelDefinition } from '../../../src/contract/backend-definitions';
import type { IncidentEntry } from '../../../src/contract/incident-types';
import { useOpsClient } from '../../api/ops-client';
import { formatValue } from '../../lib/format-value';
import { renderTargets } from '../graphs/render-targets';
import { COMPARE_MS, WATCH_MS, describeRecovery, recoveryAround } from './recovery';
import type { Recovery } from './recovery';
import { flagService } from '../../lib/flag-service';

export interface RecoveryWatch {
  id: string;
  key: string;
  environment: string;
  flipAt: number;
  panel: Pick<PanelDefinition, 'title' | 'targets' | 'unit'>;
  recovery: Recovery | null;
  /** The recovery in words, as the timeline shows it. */
  text: string;
}

const POLL_MS = 5_000;

/**
 * The series a flip is judged by: the flag's service's error panel (a rate before a count), else
 * any error panel, else the first panel. The user's dashboards decide what exists.
 */
export function watchedPanel(panels: readonly PanelDefinition[], flagKey: string): PanelDefinition | null {
  const service = flagService(flagKey);
  const errors = panels.filter((p) => /error|5xx|fail/i.test(p.title));
  const score = (p: PanelDefinition) => (p.service === service ? 2 : 0) + (/rate|%/i.test(`${p.title} ${p.unit}`) ? 1 : 0);
  return [...errors].sort((a, b) => score(b) - score(a))[0] ?? panels[0] ?? null;
}

/**
 * After a flip, its error series is watched for ten minutes: before/after figures refreshed every
 * few seconds, and written into the open incident's timeline as its recovery.
 */
export function useRecoveryWatches(putEntry: (entry: IncidentEntry) => Promise<void>, incidentId: string | null) {
  const client = useOpsClient();
  const [watches, setWatches] = useState<RecoveryWatch[]>([]);
  const latest = useRef(watches);
  latest.current = watches;
  const put = useRef(putEntry);
  put.current = putEntry;
  const incident = useRef(incidentId);
  incident.current = incidentId;
  const written = useRef(new Map<string, string>());

  const watch = useCallback(
    async (flip: { key: string; environment: string; at: number }) => {
      const dashboards = await client.request('dashboards.list', {});
      const panel = watchedPanel(dashboards.flatMap((d) => d.dashboard.panels), flip.key);
      if (!panel) return;
      const id = `${flip.key}:${flip.environment}:${flip.at}`;
      const fresh: RecoveryWatch = { id, ...flip, flipAt: flip.at, panel, recovery: null, text: `${panel.title}: waiting for data after the flip` };
      setWatches((all) => [...all.filter((w) => w.id !== id), fresh]);
    },
    [client],
  );

  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      const now = Date.now();
      for (const w of latest.current.filter((x) => now - x.flipAt < WATCH_MS)) {
        try {
          const series = await renderTargets(client, w.panel.targets, { from: w.flipAt - COMPARE_MS - 60_000, until: now, maxDataPoints: 400 });
          if (stopped) return;
          const recovery = recoveryAround(series, w.flipAt, now);
          const text = describeRecovery(w.panel.title, w.panel.unit, recovery, formatValue);
          setWatches((all) => all.map((x) => (x.id === w.id ? { ...x, recovery, text } : x)));
          const into = incident.current;
          const mark = `${into}|${w.id}`;
          if (into && recovery.after !== null && written.current.get(mark) !== text) {
            // Just after the flip: in the timeline the recovery follows the flip it measures.
            await put.current({ id: `recovery:${w.id}`, at: w.flipAt + 1, kind: 'recovery', text: `after ${w.key} in ${w.environment}: ${text}`, who: w.panel.title, link: null });
            written.current.set(mark, text);
          }
        } catch {
          // Graphite being down shows on its own status; the watch tries again on the next tick.
        }
      }
    };
    const timer = setInterval(() => void tick(), POLL_MS);
    void tick();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, watches.length]);

  return { watches, watch };
}
