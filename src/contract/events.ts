import { z } from './zod';

import { DashboardLink } from './dashboard-link';
import { Ramp } from './ramp-types';
import { AuditEntry, BackendStatus, FlagChange, LogLine, LogSourceStatus, Marker } from './wire-types';

/** Everything the core pushes to the UI without being asked, by `domain.happening` name. */
export const events = {
  /** New lines from one log source, in order. */
  'logs.lines': z.object({ sourceId: z.string(), lines: z.array(LogLine) }),
  /** Deploys or flips that just happened; every graph draws them. */
  'markers.added': z.object({ markers: z.array(Marker) }),
  /** A flag changed, through this console or another. */
  'flags.changed': z.object({ change: FlagChange }),
  /** A flip attempt was recorded, or its Graphite event's publish state moved (queued → sent). */
  'audit.changed': z.object({ entry: AuditEntry }),
  /** A journal showed a host it had not shown before: the host is a log source of its own now (`logs.sources`). */
  'logs.sourcesChanged': z.object({ sourceId: z.string() }),
  /** A guarded ramp moved: a step, a breach and its set-back, a pause, a stop. */
  'ramps.changed': z.object({ ramp: Ramp }),
  /** A log source connected, dropped, or is waiting for its host key to be trusted. */
  'logs.status': z.object({ status: LogSourceStatus }),
  /** A backend went up or down. */
  'backends.changed': z.object({ statuses: z.array(BackendStatus) }),
  /** The desktop app was opened with an `ops-console://dashboards/…` link: show that dashboard and range. */
  'app.navigate': DashboardLink,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

/** One event on the wire: IPC, SSE and the in-process bridge all carry this shape. */
export const EventEnvelope = z.object({ name: z.string(), payload: z.unknown() });
export type EventEnvelope = z.infer<typeof EventEnvelope>;

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
