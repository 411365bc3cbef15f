import type { MarkerSource } from '../backends/backend-set';
import type { SecretReader } from '../backends/http-client';
import type { GraphiteDefinition } from '../contract/backend-definitions';
import type { Marker } from '../contract/wire-types';
import { createGraphiteClient } from '../graphite/graphite-client';
import type { GraphiteEvent } from '../graphite/graphite-wire';
import { flipMarkerId } from './flip-marker';
import { describeAge, eventFields, plural, safeLink } from './marker-fields';

export interface GraphiteEventsSourceOptions {
  id: string;
  name: string;
  graphite: GraphiteDefinition;
  /** An event must carry every one of these tags. */
  tags: string[];
  kind: Marker['kind'];
  now?: () => number;
}

const DAY = 24 * 3_600_000;

/**
 * Markers from Graphite events: deploys that deploy scripts post (Etsy's way), and the flag
 * flips this app records there itself. Who comes from the event's data (`who` or `by`); a
 * recorded reason is shown with what changed, because "why" is the first question at 3 a.m.
 */
export function createGraphiteEventsSource(options: GraphiteEventsSourceOptions, secrets: SecretReader): MarkerSource {
  const { id, name, tags, kind, now = Date.now } = options;
  const client = createGraphiteClient(options.graphite, secrets);
  const list = async (from: number, until: number, signal: AbortSignal) =>
    (await client.events({ from, until, tags }, signal))
      // graphite-web ignores a tag no event has carried yet, so `deploy newservice` would list every deploy.
      .filter((event) => tags.every((tag) => event.tags.includes(tag)))
      .map((event) => toMarker(event, kind));

  return {
    id,
    kind: 'deploys',
    name,
    list,
    async check(signal) {
      const at = now();
      const markers = await list(at - DAY, at, signal);
      const latest = markers.at(-1);
      const counted = plural(markers.length, kind === 'flip' ? 'flag flip' : 'deploy');
      const tail = latest ? `; the latest ${describeAge(latest.at, at)} by ${latest.who}` : '';
      return `${client.name} events answered: ${counted} tagged "${tags.join(' ')}" in the last 24 h${tail}.`;
    },
  };
}

function toMarker(event: GraphiteEvent, kind: Marker['kind']): Marker {
  const fields = eventFields(event.data);
  // A flip this app recorded is tagged flag, key, environment: give it the flip's own identity.
  const [, key, environment] = event.tags;
  const id = kind === 'flip' && event.tags[0] === 'flag' && key && environment ? flipMarkerId(key, environment, event.at) : `graphite-event:${event.id}`;
  return {
    id,
    kind,
    at: event.at,
    who: fields.who ?? fields.by ?? 'unknown',
    what: fields.reason ? `${event.what}: ${fields.reason}` : event.what,
    link: safeLink(fields.link),
    tags: event.tags,
  };
}
