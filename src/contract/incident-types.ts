import { z } from './zod';

// An incident as the console keeps it (in Settings, so a restart loses nothing). Deploys and flips
// are not copied here: they stay in the deploy log and Graphite events and are read back for the
// timeline; only what exists nowhere else is kept (the notes, the chosen log lines, the recovery).

/** Epoch ms; wire-types' EpochMs, restated so this file does not import the one that imports it. */
const Moment = z.number().int().nonnegative();

export const IncidentEntryKind = z.enum(['note', 'log-line', 'recovery', 'breach']);
export type IncidentEntryKind = z.infer<typeof IncidentEntryKind>;

export const IncidentEntry = z
  .object({
    id: z.string().min(1).max(100),
    at: Moment,
    kind: IncidentEntryKind,
    /** The note, the log line as written, or the recovery in words ("checkout errors 4.1/s → 0.2/s"). */
    text: z.string().min(1).max(4_000),
    /** Who typed the note, the log line's source, the watched panel. */
    who: z.string().max(200).nullable(),
    link: z.string().max(2_000).nullable(),
  })
  .strict();
export type IncidentEntry = z.infer<typeof IncidentEntry>;

export const Incident = z
  .object({
    id: z.string().min(1).max(100),
    name: z.string().trim().min(1, 'name the incident').max(200),
    startedAt: Moment,
    /** Null while the incident is open. */
    endedAt: Moment.nullable(),
    entries: z.array(IncidentEntry).max(5_000),
  })
  .strict();
export type Incident = z.infer<typeof Incident>;

/** What the demo's incident drill did, so the UI can say it and a test can find it. */
export const DrillResult = z.object({
  service: z.string(),
  flag: z.string(),
  environment: z.string(),
  /** The deploy that went out just before the flag was ramped up. */
  deployAt: Moment,
  /** The flag turned on for everyone: the checkout error rate climbs from here. */
  rampAt: Moment,
  ranAt: Moment,
});
export type DrillResult = z.infer<typeof DrillResult>;
