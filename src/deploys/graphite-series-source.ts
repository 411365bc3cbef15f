import type { MarkerSource } from '../backends/backend-set';
import type { SecretReader } from '../backends/http-client';
import type { GraphiteDefinition } from '../contract/backend-definitions';
import type { Marker, Series } from '../contract/wire-types';
import { createGraphiteClient } from '../graphite/graphite-client';
import { describeAge, plural } from './marker-fields';

export interface GraphiteSeriesSourceOptions {
  id: string;
  name: string;
  graphite: GraphiteDefinition;
  /** e.g. `deploys.*`: Etsy's deploy counters, one per service, drawn with drawAsInfinite(). */
  target: string;
  now?: () => number;
}

const DAY = 24 * 3_600_000;

/**
 * Deploys read from marker series: every non-zero point is one deploy. Such a series says
 * only when and which series, so who is "unknown" and what is the series' name.
 */
export function createGraphiteSeriesSource(options: GraphiteSeriesSourceOptions, secrets: SecretReader): MarkerSource {
  const { id, name, target, now = Date.now } = options;
  const client = createGraphiteClient(options.graphite, secrets);
  // No maxDataPoints: averaging would smear a one-step deploy into its neighbours' buckets.
  const list = async (from: number, until: number, signal: AbortSignal) =>
    (await client.render({ targets: [target], from, until }, signal))
      .flatMap(toMarkers)
      .filter((m) => m.at >= from && m.at <= until)
      .sort((a, b) => a.at - b.at);

  return {
    id,
    kind: 'deploys',
    name,
    list,
    async check(signal) {
      const at = now();
      const markers = await list(at - DAY, at, signal);
      const latest = markers.at(-1);
      const tail = latest ? `; the latest ${describeAge(latest.at, at)} (${latest.what})` : '';
      return `${client.name} answered for ${target}: ${plural(markers.length, 'deploy')} in the last 24 h${tail}.`;
    },
  };
}

function toMarkers(series: Series): Marker[] {
  // `deploys.web` is the web service's counter: its last node names the service, for panel filters.
  const service = /^[\w-]+(\.[\w-]+)+$/.test(series.target) ? series.target.split('.').pop()! : null;
  return series.timestamps.flatMap((at, i) => {
    const value = series.values[i];
    if (value === null || value === undefined || value === 0) return [];
    return [{ id: `graphite-series:${series.target}:${at}`, kind: 'deploy' as const, at, who: 'unknown', what: series.name, link: null, tags: service ? ['deploy', service] : ['deploy'] }];
  });
}
