import { useEffect, useRef } from 'react';

import { flagService } from '../../lib/flag-service';
import type { CursorAnomaly } from '../graphs/cursor-anomaly';
import { useLogsNavigation } from '../logs/logs-navigation';
import { useLogSources } from '../logs/use-log-sources';
import type { Suspect } from './suspect';

/** Whose logs a suspect points at: the flag's service, or the deploy's. */
function suspectService(suspect: Suspect | null): string | null {
  if (!suspect) return null;
  if (suspect.kind === 'flip') return flagService(suspect.flip.key);
  return suspect.marker.tags.find((tag) => tag !== 'deploy') ?? null;
}

/**
 * A click on a spike in a panel that mixes services (the demo's "Error rate") opens the logs of
 * the series clicked, when there are logs of a service by that name, else of the suspect's
 * service, at the moment clicked. A panel of one service opens its own (useLogsFollowClicks).
 */
export function useAnomalyLogs(anomaly: CursorAnomaly | null, suspect: Suspect | null): void {
  const navigation = useLogsNavigation();
  const { sources } = useLogSources();
  const opened = useRef<CursorAnomaly | null>(null);
  const mixed = anomaly?.clicked === true && anomaly.panel !== null && !anomaly.panel.service && anomaly.onset !== null;
  const series = anomaly?.onset?.series ?? null;
  const service = sources?.some((s) => s.source.service === series) ? series : suspectService(suspect);

  useEffect(() => {
    if (!mixed || !anomaly || !service || sources === undefined) return;
    // Once per click: the panels' refreshes make a new anomaly object for the same moment.
    if (opened.current?.at === anomaly.at && opened.current.panelId === anomaly.panelId) return;
    opened.current = anomaly;
    navigation.openAt({ service, at: anomaly.at, reveal: false });
  }, [mixed, anomaly, service, sources, navigation]);
}
