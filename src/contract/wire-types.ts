import { BackendDefinition, DashboardDefinition } from './backend-definitions';
import { Incident } from './incident-types';
import { z } from './zod';

// Only JSON-safe values cross the boundary (times as epoch milliseconds; no Date, Map or
// undefined), so Electron's structured clone and HTTP's JSON give the same results.

export const EpochMs = z.number().int().nonnegative();

export const Role = z.enum(['operator', 'viewer']);
export type Role = z.infer<typeof Role>;

export const HostKind = z.enum(['electron', 'browser', 'in-process']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKind,
  /** What the panels show: the built-in demo world, or the user's configured backends. */
  dataSource: z.enum(['demo', 'configured']),
  startedAt: EpochMs,
  /** The role in force: from the config file when it sets one (then the UI cannot change it), else from settings. */
  role: Role,
  roleSource: z.enum(['config', 'settings']),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** The longest live range a graph looks back over: 30 days. */
export const MAX_RANGE_MINUTES = 60 * 24 * 30;

export const Settings = z
  .object({
    timeZone: z.enum(['utc', 'local']),
    /** How far back graphs look, in minutes. */
    rangeMinutes: z.number().int().min(5).max(MAX_RANGE_MINUTES),
    /** 0 = off. */
    autoRefreshSeconds: z.union([z.literal(0), z.literal(10), z.literal(30), z.literal(60), z.literal(300)]),
    /** Backends added in the app (those of the config file are never copied here). As many as a config file may hold. */
    backends: z.array(BackendDefinition).max(1_000),
    dashboards: z.array(DashboardDefinition).max(1_000),
    /**
     * `viewer`: every switch is disabled and the core itself refuses flips. A config file's
     * `role:` overrides this (see `AppInfo.role`).
     */
    role: Role.default('operator'),
    /** Flags an on-call engineer pinned for the incident; listed first, with the kill switches. */
    pinnedFlags: z.array(z.string().min(1).max(200)).max(500).default([]),
    /** Incidents worked in this console, newest last: their notes, chosen log lines and recoveries. */
    incidents: z.array(Incident).max(200).default([]),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

export const SettingsView = z.object({
  settings: Settings,
  /** Set when the saved settings could not be read and defaults are in use; says why and where. */
  warning: z.string().nullable(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SecretName = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, dot, dash or underscore; starts with a letter');

/** All the UI ever learns about a secret. Its value never leaves the core. */
export const SecretStatus = z
  .object({ name: SecretName, isSet: z.boolean(), updatedAt: EpochMs.nullable() })
  .strict();
export type SecretStatus = z.infer<typeof SecretStatus>;

export const SecretsView = z.object({
  secrets: z.array(SecretStatus),
  /** Where a secret set now is kept: encrypted on disk, or only in memory until the app quits (and why). */
  storage: z.object({ kind: z.enum(['encrypted', 'memory']), note: z.string() }),
});
export type SecretsView = z.infer<typeof SecretsView>;

export const BackendKind = z.enum(['graphite', 'deploys', 'flags', 'logs']);
export type BackendKind = z.infer<typeof BackendKind>;

export const BackendStatus = z.object({
  id: z.string(),
  kind: BackendKind,
  name: z.string(),
  /**
   * `credentials_refused`: it answers, but refuses our token or password (401), so nothing it
   * holds can be read; `rate_limited`: it answers 429, too many requests for now. Either is not ok.
   */
  state: z.enum(['unknown', 'ok', 'down', 'credentials_refused', 'rate_limited']),
  /** Last time we heard from it, successfully or not. */
  checkedAt: EpochMs.nullable(),
  lastOkAt: EpochMs.nullable(),
  /** Why it is not ok, for the person on call. */
  message: z.string().nullable(),
});
export type BackendStatus = z.infer<typeof BackendStatus>;

export const Series = z.object({
  target: z.string(),
  name: z.string(),
  /** Seconds are Graphite's unit; these are milliseconds like every other time on the wire. */
  timestamps: z.array(EpochMs),
  /** `null` is a gap (no data), never zero. */
  values: z.array(z.number().nullable()),
});
export type Series = z.infer<typeof Series>;

export const SeriesSet = z.object({ series: z.array(Series), fetchedAt: EpochMs });
export type SeriesSet = z.infer<typeof SeriesSet>;

/**
 * What a panel showed when it was last drawn fresh, kept by the core (in its state directory) so
 * a reload or the next start draws at once. Always shown with its age until a fresh render replaces it.
 */
export const LastKnownRender = z.object({
  series: z.array(Series),
  /** The window it covered. */
  from: EpochMs,
  until: EpochMs,
  /** When the core had it from Graphite. */
  fetchedAt: EpochMs,
});
export type LastKnownRender = z.infer<typeof LastKnownRender>;

export const Marker = z.object({
  id: z.string(),
  kind: z.enum(['deploy', 'flip']),
  at: EpochMs,
  who: z.string(),
  what: z.string(),
  link: z.string().nullable(),
  tags: z.array(z.string()),
});
export type Marker = z.infer<typeof Marker>;

/** The dashboard's markers as last listed fresh; like LastKnownRender. */
export const LastKnownMarkers = z.object({ markers: z.array(Marker), from: EpochMs, until: EpochMs, fetchedAt: EpochMs });
export type LastKnownMarkers = z.infer<typeof LastKnownMarkers>;

/**
 * A dashboard's last-known drawing for one live range: one entry per panel (in the dashboard's
 * order; null where the core has nothing for that panel's targets over that range).
 */
export const LastKnownDashboard = z.object({
  dashboardId: z.string(),
  /** The live range's length it was drawn over (`until - from`). */
  spanMs: z.number().int().positive(),
  panels: z.array(LastKnownRender.nullable()),
  markers: LastKnownMarkers.nullable(),
});
export type LastKnownDashboard = z.infer<typeof LastKnownDashboard>;

/**
 * Who gets a flag when it is on in an environment. Unleash users will recognise the mapping
 * (documented in docs/flags.md): `everyone` is a default strategy, `percentage` a gradual
 * rollout, `staff` a constraint on the staff user group, `dark` a dark launch (the code path
 * runs, results hidden: on for nobody's eyes).
 */
export const FlagAudience = z.enum(['everyone', 'percentage', 'staff', 'dark']);
export type FlagAudience = z.infer<typeof FlagAudience>;

/** One environment's switch, as read or as requested. */
export const FlagSetting = z.object({
  enabled: z.boolean(),
  audience: FlagAudience,
  /** Set for `percentage` (0-100 as read; a backend may hold nonsense like 150, shown as such); null otherwise. */
  rolloutPercent: z.number().min(0).nullable(),
});
export type FlagSetting = z.infer<typeof FlagSetting>;

export const FlagEnvironment = FlagSetting.extend({
  name: z.string(),
  /** A production environment: flipping it asks for a reason and shows the blast radius. */
  production: z.boolean(),
});
export type FlagEnvironment = z.infer<typeof FlagEnvironment>;

export const FlagType = z.enum(['release', 'experiment', 'operational', 'kill-switch', 'permission']);
export type FlagType = z.infer<typeof FlagType>;

export const Flag = z.object({
  key: z.string(),
  project: z.string(),
  type: FlagType,
  description: z.string(),
  tags: z.array(z.string()),
  /** Marked stale in the flag service (a flag that should have been cleaned up). */
  stale: z.boolean(),
  environments: z.array(FlagEnvironment),
  updatedAt: EpochMs.nullable(),
  updatedBy: z.string().nullable(),
});
export type Flag = z.infer<typeof Flag>;

export const FlagList = z.object({ flags: z.array(Flag), fetchedAt: EpochMs });
export type FlagList = z.infer<typeof FlagList>;

export const FlagChange = z.object({
  key: z.string(),
  environment: z.string(),
  before: FlagSetting,
  /** As re-read from the flag service after the write, not as requested. */
  after: FlagSetting,
  at: EpochMs,
  by: z.string(),
  /** Null for a change made elsewhere (the flag service keeps no reason). */
  reason: z.string().nullable(),
  via: z.enum(['console', 'elsewhere']),
});
export type FlagChange = z.infer<typeof FlagChange>;

/** Where a confirmed flip's Graphite event stands: queued and retried while Graphite is down. */
export const PublishState = z.object({
  state: z.enum(['queued', 'sent', 'failed', 'not-configured']),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type PublishState = z.infer<typeof PublishState>;

/** One flip attempt in the append-only audit log (JSON lines, fsync'd). */
export const AuditEntry = z.object({
  id: z.string(),
  at: EpochMs,
  who: z.string(),
  key: z.string(),
  environment: z.string(),
  /** As the user saw it when they asked; null when the flag could not be read. */
  before: FlagSetting.nullable(),
  requested: FlagSetting,
  /** As re-read from the flag service after the attempt; null when it could not be read. */
  after: FlagSetting.nullable(),
  reason: z.string(),
  outcome: z.enum(['confirmed', 'failed', 'conflict', 'refused', 'unconfirmed']),
  /** Why it failed, what conflicted, or why it was refused. */
  message: z.string().nullable(),
  /** The Graphite event of a flip that changed the flag; null for an attempt that changed nothing (refused, conflict, failed). */
  publish: PublishState.nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditView = z.object({
  /** Newest first. */
  entries: z.array(AuditEntry),
  /** Where the log file is, for a person who wants to grep it. */
  file: z.string(),
});
export type AuditView = z.infer<typeof AuditView>;

export const LogSourceInfo = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  service: z.string(),
  kind: z.enum(['http', 'ssh', 'ssh-journal', 'journal-gateway']),
  /** The file followed, as the user configured it (a name or a URL path). */
  path: z.string(),
});
export type LogSourceInfo = z.infer<typeof LogSourceInfo>;

export const LogLevel = z.enum(['error', 'warn', 'info', 'debug']);
export type LogLevel = z.infer<typeof LogLevel>;

/** Lines that could not be read (rotation, truncation, a ring that overflowed): shown as an explicit row. */
export const LogGap = z.object({
  from: EpochMs.nullable(),
  until: EpochMs.nullable(),
  /** "file rotated", "file truncated", "disconnected 14:03:10-14:03:52, 1.2 MB skipped". */
  reason: z.string(),
});
export type LogGap = z.infer<typeof LogGap>;

export const LogLine = z.object({
  sourceId: z.string(),
  /** Per-source sequence number: strictly increasing, so a client can drop what it already has. */
  seq: z.number().int().nonnegative(),
  at: EpochMs.nullable(),
  level: LogLevel.nullable(),
  /** Raw text, ANSI escapes included (the viewer styles them, never interprets anything else). */
  text: z.string(),
  /** The line's full length in bytes when `text` was cut short (a 1 MB line); null when whole. */
  truncatedFrom: z.number().int().nullable(),
  /** Set on a gap row instead of a line; `text` then says the same in words. */
  gap: LogGap.nullable(),
});
export type LogLine = z.infer<typeof LogLine>;

/** What a filter means is defined once here, so the core and the viewer agree on every match. */
export const LogFilter = z.object({
  text: z.string().max(1_000),
  mode: z.enum(['substring', 'regex']),
  caseSensitive: z.boolean(),
  /** Only lines of these levels; empty = all. */
  levels: z.array(LogLevel).max(4),
});
export type LogFilter = z.infer<typeof LogFilter>;

/** One source's connection, for the viewer's header: live, or since when it is gone and why. */
export const LogSourceStatus = z.object({
  id: z.string(),
  state: z.enum(['connecting', 'live', 'reconnecting', 'stopped', 'host-key-unknown', 'host-key-changed']),
  since: EpochMs,
  message: z.string().nullable(),
  /** For an SSH host whose key is not yet trusted: the SHA256 fingerprint to show and accept. */
  hostKeyFingerprint: z.string().nullable(),
});
export type LogSourceStatus = z.infer<typeof LogSourceStatus>;

export const LogVolumeBucket = z.object({ at: EpochMs, total: z.number().int(), matched: z.number().int(), errors: z.number().int() });
export type LogVolumeBucket = z.infer<typeof LogVolumeBucket>;
