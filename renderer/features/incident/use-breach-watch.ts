import { useEffect, useRef } from 'react';

import type { Incident, IncidentEntry } from '../../../src/contract/incident-types';
import { useOpsClient } from '../../api/ops-client';
import { formatValue } from '../../lib/format-value';
import { renderTargets } from '../graphs/render-targets';
import { firstBreaches } from './breaches';
import { LEAD_UP_MS } from './incident-markdown';

const POLL_MS = 30_000;

/**
 * While an incident is open, the panels with thresholds are read every 30 s and the first time
 * each series went past one (from the incident's lead-up on) goes into the timeline, once.
 */
export function useBreachWatch(incident: Incident | null, put: (entry: IncidentEntry) => Promise<void>): void {
  const client = useOpsClient();
  const latest = useRef({ incident, put });
  latest.current = { incident, put };
  const id = incident?.id ?? null;

  useEffect(() => {
    if (id === null) return;
    let stopped = false;
    const tick = async () => {
      const open = latest.current.incident;
      if (!open) return;
      const known = new Set(open.entries.map((e) => e.id));
      const dashboards = await client.request('dashboards.list', {});
      const panels = dashboards.flatMap((d) => d.dashboard.panels).filter((p) => p.thresholds);
      const from = open.startedAt - LEAD_UP_MS;
      for (const panel of panels) {
        const series = await renderTargets(client, panel.targets, { from, until: Math.max(Date.now(), from + 1), maxDataPoints: 300 });
        for (const breach of firstBreaches(series, panel.thresholds, from)) {
          const entryId = `breach:${panel.title}:${breach.series}`;
          if (stopped || known.has(entryId)) continue;
          known.add(entryId);
          await latest.current.put({
            id: entryId,
            at: breach.at,
            kind: 'breach',
            text: `${panel.title}: ${breach.series} ${formatValue(breach.value, panel.unit)}, ${breach.side} ${formatValue(breach.limit, panel.unit)}`,
            who: panel.title,
            link: null,
          });
        }
      }
    };
    const run = () => void tick().catch(() => {
      // Graphite down shows on its status; the next tick tries again.
    });
    const timer = setInterval(run, POLL_MS);
    run();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, id]);
}
