import { BackendDefinition, DashboardDefinition } from './backend-definitions';
import { z } from './zod';

// Only JSON-safe values cross the boundary (times as epoch milliseconds; no Date, Map or
// undefined), so Electron's structured clone and HTTP's JSON give the same results.

export const EpochMs = z.number().int().nonnegative();

export const HostKind = z.enum(['electron', 'browser', 'in-process']);
export type HostKind = z.infer<typeof HostKind>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKind,
  /** What the panels show: the built-in demo world, or the user's configured backends. */
  dataSource: z.enum(['demo', 'configured']),
  startedAt: EpochMs,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const Settings = z
  .object({
    timeZone: z.enum(['utc', 'local']),
    /** How far back graphs look, in minutes. */
    rangeMinutes: z.number().int().min(5).max(60 * 24 * 30),
    /** 0 = off. */
    autoRefreshSeconds: z.union([z.literal(0), z.literal(10), z.literal(30), z.literal(60), z.literal(300)]),
    /** Backends added in the app (those of the config file are never copied here). */
    backends: z.array(BackendDefinition),
    dashboards: z.array(DashboardDefinition),
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
  state: z.enum(['unknown', 'ok', 'down']),
  /** Last time we heard from it, successfully or not. */
  checkedAt: EpochMs.nullable(),
  lastOkAt: EpochMs.nullable(),
  /** Why it is down, for the person on call. */
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

export const FlagEnvironment = z.object({
  name: z.string(),
  enabled: z.boolean(),
  /** Share of users the flag is on for when enabled; null when it is not a percentage rollout. */
  rolloutPercent: z.number().min(0).max(100).nullable(),
});

export const FlagType = z.enum(['release', 'experiment', 'operational', 'kill-switch', 'permission']);

export const Flag = z.object({
  key: z.string(),
  type: FlagType,
  description: z.string(),
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
  before: z.boolean(),
  /** As re-read from the flag service after the write, not as requested. */
  after: z.boolean(),
  at: EpochMs,
  by: z.string(),
  reason: z.string(),
});
export type FlagChange = z.infer<typeof FlagChange>;

export const LogSourceInfo = z.object({ id: z.string(), name: z.string(), host: z.string(), service: z.string() });
export type LogSourceInfo = z.infer<typeof LogSourceInfo>;

export const LogLevel = z.enum(['error', 'warn', 'info', 'debug']);

export const LogLine = z.object({
  sourceId: z.string(),
  /** Per-source sequence number: strictly increasing, so a client can drop what it already has. */
  seq: z.number().int().nonnegative(),
  at: EpochMs.nullable(),
  level: LogLevel.nullable(),
  text: z.string(),
});
export type LogLine = z.infer<typeof LogLine>;
