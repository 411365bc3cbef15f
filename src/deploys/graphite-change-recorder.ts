import type { ChangeRecorder } from '../backends/backend-set';
import type { SecretReader } from '../backends/http-client';
import type { GraphiteDefinition } from '../contract/backend-definitions';
import { describeSetting } from '../flags/describe-setting';
import { createGraphiteClient } from '../graphite/graphite-client';
import { flipWhat } from './flip-marker';
import { plural } from './marker-fields';

const DAY = 24 * 3_600_000;

/**
 * Publishes each confirmed flag flip as a Graphite event tagged `flag <key> <environment>`, so
 * every graph (this app's, and anyone's Grafana on the same Graphite) shows it, and a
 * `createGraphiteEventsSource({ tags: ['flag'], kind: 'flip' })` reads it back with who and why.
 */
export function createGraphiteChangeRecorder(graphite: GraphiteDefinition, secrets: SecretReader, now: () => number = Date.now): ChangeRecorder {
  const client = createGraphiteClient(graphite, secrets);
  return {
    // Its own id: its health is not the graphs' health (a read-only Graphite user may render but not post).
    id: `${graphite.id}-flag-events`,
    kind: 'graphite',
    name: `${client.name} events`,
    async record(change, signal) {
      await client.postEvent(
        {
          what: flipWhat(change),
          // Graphite splits tags on spaces, so each part is one tag.
          tags: ['flag', change.key, change.environment],
          // Grafana shows `data` as the annotation's text: the reason first, then the change in words.
          // Key order matters only to a reader; the events source takes `who` and `reason` from it.
          data: JSON.stringify({
            reason: change.reason,
            change: `${describeSetting(change.before)} → ${describeSetting(change.after)}`,
            who: change.by,
            before: change.before,
            after: change.after,
          }),
          when: change.at / 1000,
        },
        signal,
      );
    },
    async check(signal) {
      const at = now();
      const flips = await client.events({ from: at - DAY, until: at, tags: ['flag'] }, signal);
      return `${client.name}'s events API answered: ${plural(flips.length, 'flag flip')} recorded in the last 24 h.`;
    },
  };
}
