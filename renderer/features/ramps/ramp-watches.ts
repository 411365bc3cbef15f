import type { DashboardEntry } from '../../../src/contract/backend-definitions';
import type { RampWatch } from '../../../src/contract/ramp-types';
import { flagService } from '../../lib/flag-service';

/** A series a ramp may watch, and whether it is watched unless the user says otherwise. */
export interface WatchChoice {
  watch: RampWatch;
  byDefault: boolean;
}

/**
 * What a ramp of `flagKey` may watch: every panel with a threshold, once per dashboard panel.
 * A panel of one service is one watch (all its series); a panel of several services is one
 * watch per series it draws (`seriesOf` has them by panel title, from a render). Watched by
 * default: the flag's service's, with their thresholds.
 */
export function watchChoices(dashboards: readonly DashboardEntry[], flagKey: string, seriesOf: ReadonlyMap<string, readonly string[]>): WatchChoice[] {
  const service = flagService(flagKey);
  const seen = new Set<string>();
  const choices: WatchChoice[] = [];
  for (const { dashboard } of dashboards) {
    for (const panel of dashboard.panels) {
      const high = panel.thresholds?.high ?? null;
      const low = panel.thresholds?.low ?? null;
      if (high === null && low === null) continue;
      const base = { targets: panel.targets, high, low, unit: panel.unit };
      const add = (watch: RampWatch, byDefault: boolean) => {
        const id = `${watch.targets.join('|')}#${watch.series ?? ''}`;
        if (seen.has(id)) return;
        seen.add(id);
        choices.push({ watch, byDefault });
      };
      if (panel.service) add({ ...base, label: panel.title, series: null }, panel.service === service);
      else for (const name of seriesOf.get(panel.title) ?? []) add({ ...base, label: `${panel.title} · ${name}`, series: name }, name === service);
    }
  }
  return choices.sort((a, b) => Number(b.byDefault) - Number(a.byDefault));
}
