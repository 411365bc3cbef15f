import { BackendDefinition, BackendEntry, ConfigFileStatus, ConnectionTest, DashboardDefinition, DashboardEntry } from './backend-definitions';
import { RENDER_MAX_TARGETS } from './render-chunks';
import { DrillResult } from './incident-types';
import { Ramp, RampInput } from './ramp-types';
import {
  AppInfo,
  AuditView,
  BackendStatus,
  EpochMs,
  FlagAudience,
  FlagChange,
  FlagList,
  FlagSetting,
  LogFilter,
  LogLine,
  LogSourceInfo,
  LogSourceStatus,
  LastKnownDashboard,
  LogVolumeBucket,
  Marker,
  SecretName,
  SecretStatus,
  SecretsView,
  SeriesSet,
  MAX_RANGE_MINUTES,
  Settings,
  SettingsView,
} from './wire-types';
import { z } from './zod';

export interface RequestSpec {
  input: z.ZodType;
  output: z.ZodType;
  /** How long the handler may run before the caller gets `timeout`; the handler's signal aborts then. */
  timeoutMs?: number;
}

const NoInput = z.object({}).strict();

/** The id of a backend, dashboard or log source, as the UI names one it was shown. */
const ItemId = z.string().min(1).max(100);
/** The log sources a query reads from. */
const SourceIds = z.array(ItemId).min(1).max(50);

/** What a flip asks for: the validation the flag service does not do (Unleash accepts a rollout of 150 %). */
const FlagTarget = z
  .object({
    enabled: z.boolean(),
    audience: FlagAudience,
    rolloutPercent: z.number().int().min(0, 'a share of users: 0 to 100').max(100, 'a share of users: 0 to 100').nullable(),
  })
  .strict()
  .refine((t) => (t.audience === 'percentage') === (t.rolloutPercent !== null), {
    message: 'a percentage rollout needs a share of users (0 to 100), and only a percentage rollout has one',
    path: ['rolloutPercent'],
  });

/**
 * Set on the live dashboard's own requests (a window ending now): the core keeps the answer as
 * the last-known drawing of those targets over that range's length, for the next reload or start.
 */
const remember = z.boolean().optional();

/**
 * Every request the UI can make of the core, by `domain.verb` name. One grep for a name finds
 * its schema, its handler, its callers and its tests.
 */
export const requests = {
  /** Name, version, which host serves the UI and whether the data is real. */
  'app.info': { input: NoInput, output: AppInfo },

  /** The saved settings, or the defaults with a warning when the saved file is unreadable. */
  'settings.get': { input: NoInput, output: SettingsView },
  /** Changes some settings and saves them; returns what was saved. Backends change through `backends.*`. */
  'settings.update': {
    input: Settings.omit({ backends: true, dashboards: true }).partial().strict(),
    output: SettingsView,
  },

  /** Which secrets are set and where they are kept; never their values. */
  'secrets.list': { input: NoInput, output: SecretsView },
  /** Stores a secret in the vault; the answer says only that it is set. */
  'secrets.set': {
    input: z.object({ name: SecretName, value: z.string().min(1).max(16_384) }).strict(),
    output: SecretStatus,
  },
  'secrets.clear': { input: z.object({ name: SecretName }).strict(), output: SecretStatus },

  /** Every backend, where it is defined (config file, app settings, demo), and the config file's state. */
  'backends.list': {
    input: NoInput,
    output: z.object({ backends: z.array(BackendEntry), configFile: ConfigFileStatus }),
  },
  /** Adds or replaces a backend defined in the app; one from the config file cannot be changed here. */
  'backends.save': { input: z.object({ definition: BackendDefinition }).strict(), output: BackendEntry },
  'backends.remove': { input: z.object({ id: ItemId }).strict(), output: z.object({ removed: z.string() }) },
  /** Tries a definition (saved or not): says what answered (version, counts) or what failed and why. */
  'backends.test': { input: z.object({ definition: BackendDefinition }).strict(), output: ConnectionTest, timeoutMs: 15_000 },

  /** The dashboards to show: from the config file, the app's settings, or the demo. */
  'dashboards.list': { input: NoInput, output: z.array(DashboardEntry) },
  /**
   * What the window's first paint needs, in one round trip: the settings, the dashboards, and the
   * last-known drawing of the one it will show (`dashboardId`, or the first when null or gone)
   * over the live range (`rangeMinutes`, or the saved setting when null).
   */
  'dashboards.open': {
    input: z.object({ dashboardId: ItemId.nullable(), rangeMinutes: z.number().int().min(1).max(MAX_RANGE_MINUTES).nullable() }).strict(),
    output: z.object({ settings: SettingsView, dashboards: z.array(DashboardEntry), lastKnown: LastKnownDashboard.nullable() }),
  },

  /** Adds or replaces a dashboard kept in the app's settings; one from the config file cannot be changed here. */
  'dashboards.save': { input: z.object({ dashboard: DashboardDefinition }).strict(), output: DashboardEntry },
  'dashboards.remove': { input: z.object({ id: ItemId }).strict(), output: z.object({ removed: z.string() }) },
  /**
   * Reads a Grafana dashboard's JSON into one of ours without saving it (the UI previews first);
   * `skipped` names each panel, target or setting left out and why; `converted` each one kept in
   * another form (a singlestat drawn as lines, a variable fixed at its value, an annotation's tags
   * as a marker filter, the time range and refresh as the dashboard's defaults).
   */
  'dashboards.import': {
    input: z.object({ json: z.string().min(1).max(2 * 1024 * 1024, 'at most 2 MB of JSON') }).strict(),
    output: z.object({ dashboard: DashboardDefinition, skipped: z.array(z.string()), converted: z.array(z.string()) }),
  },

  /** Health of every backend as last seen: up, down (and why), and when. */
  'backends.status': { input: NoInput, output: z.array(BackendStatus) },

  /** Graphite `/render`: one series per target, consolidated to about `maxDataPoints` points. */
  'graphs.render': {
    input: z
      .object({
        targets: z.array(z.string().min(1).max(2_000)).min(1).max(RENDER_MAX_TARGETS),
        from: EpochMs,
        until: EpochMs,
        maxDataPoints: z.number().int().min(1).max(10_000),
        remember,
      })
      .strict()
      .refine((r) => r.until > r.from, { message: 'must be later than `from`', path: ['until'] }),
    output: SeriesSet,
  },

  /** Graphite `/metrics/find`: the nodes matching a path pattern (`web.*`), for the metric browser. */
  'graphs.find': {
    input: z.object({ query: z.string().min(1).max(1_000) }).strict(),
    output: z.array(z.object({ path: z.string(), text: z.string(), leaf: z.boolean(), expandable: z.boolean() })),
  },

  /**
   * The last-known drawing of a dashboard over a live range of `spanMs`, panel by panel: what
   * its panels showed when last rendered fresh with `remember`, and when that was.
   */
  'graphs.lastKnown': {
    input: z.object({ dashboardId: ItemId, spanMs: z.number().int().positive().max(MAX_RANGE_MINUTES * 60_000) }).strict(),
    output: LastKnownDashboard,
  },

  /** Deploys and flag flips between `from` and `until`, oldest first. */
  'markers.list': {
    input: z
      .object({ from: EpochMs, until: EpochMs, remember })
      .strict()
      .refine((r) => r.until > r.from, { message: 'must be later than `from`', path: ['until'] }),
    output: z.array(Marker),
  },

  /** Every flag with its state per environment. */
  'flags.list': { input: NoInput, output: FlagList },
  /**
   * Changes one flag in one environment: on/off, audience, rollout. Refused for a viewer. The core
   * re-reads first and answers `conflict` if the environment no longer matches `expected` (someone
   * else changed it since the user loaded it); resolves only once the flag service confirms, with
   * the state re-read after the write. Every attempt lands in the audit log.
   */
  'flags.flip': {
    input: z
      .object({
        key: z.string().min(1).max(200),
        environment: z.string().min(1).max(100),
        to: FlagTarget,
        /** The environment as the user saw it when they chose to flip. */
        expected: FlagSetting,
        reason: z.string().trim().min(3, 'say why, in a few words').max(500),
      })
      .strict(),
    output: FlagChange,
    timeoutMs: 15_000,
  },
  /** Guarded ramps started in this console: running, paused (its core stopped), done or stopped, newest first. */
  'ramps.list': { input: NoInput, output: z.array(Ramp) },
  /**
   * Starts a guarded ramp: re-reads the flag (a change since `expected` is a conflict, nothing
   * written), writes the first step through the guarded flip and answers once it is confirmed.
   * It then advances in the core while the watched series stay within their thresholds, and
   * sets the flag back to the last good step on a breach. Refused for a viewer.
   */
  'ramps.start': { input: RampInput, output: Ramp, timeoutMs: 20_000 },
  /** Stops a ramp where it is, or (`setBack`) after setting the flag back to its last good step through the guarded flip. */
  'ramps.stop': { input: z.object({ id: ItemId, setBack: z.boolean() }).strict(), output: Ramp, timeoutMs: 20_000 },
  /** Resumes a paused ramp (never done by itself): re-reads the flag, and holds the step in place again from now. */
  'ramps.resume': { input: z.object({ id: ItemId }).strict(), output: Ramp, timeoutMs: 20_000 },
  /** The audit log of flip attempts, newest first, with each Graphite event's publish state. */
  'audit.list': { input: z.object({ limit: z.number().int().min(1).max(10_000) }).strict(), output: AuditView },

  /** The log sources the viewer can tail, with their connection state. */
  'logs.sources': { input: NoInput, output: z.array(z.object({ source: LogSourceInfo, status: LogSourceStatus })) },
  /**
   * Lines of several sources merged by time from the core's ring buffers, filtered, oldest first:
   * the newest `limit` at or before `until` (now when null). New ones arrive as `logs.lines` events.
   */
  'logs.query': {
    input: z
      .object({
        sourceIds: SourceIds,
        filter: LogFilter.nullable(),
        until: EpochMs.nullable(),
        limit: z.number().int().min(1).max(100_000),
      })
      .strict(),
    output: z.object({ lines: z.array(LogLine), scanned: z.number().int(), matched: z.number().int() }),
  },
  /**
   * The lines around a moment (a graph's time cursor): from the ring buffers, or from the file
   * itself by bisection when the moment is older than the buffer. `anchor` is the index of the
   * first line at or after `at`.
   */
  'logs.around': {
    input: z
      .object({
        sourceIds: SourceIds,
        at: EpochMs,
        before: z.number().int().min(0).max(10_000),
        after: z.number().int().min(0).max(10_000),
        filter: LogFilter.nullable(),
      })
      .strict(),
    output: z.object({ lines: z.array(LogLine), anchor: z.number().int(), note: z.string().nullable() }),
    timeoutMs: 30_000,
  },
  /** Lines per time bucket (all, matching the filter, errors), for the strip under the graphs. */
  'logs.volume': {
    input: z
      .object({
        sourceIds: SourceIds,
        from: EpochMs,
        until: EpochMs,
        bucketMs: z.number().int().min(1_000),
        filter: LogFilter.nullable(),
      })
      .strict()
      .refine((r) => r.until > r.from, { message: 'must be later than `from`', path: ['until'] })
      .refine((r) => (r.until - r.from) / r.bucketMs <= 2_000, { message: 'at most 2,000 buckets', path: ['bucketMs'] }),
    output: z.array(LogVolumeBucket),
  },
  /**
   * The demo world's incident drill: a deploy goes out, a flag is ramped up just before the spike,
   * checkout's error rate climbs and error lines appear in its logs. Only while the demo runs.
   */
  'demo.drill': { input: NoInput, output: DrillResult },

  /** Trusts an SSH log host's key after the user compared the fingerprint shown; a changed key is never accepted here. */
  'logs.trustHostKey': {
    input: z.object({ sourceId: ItemId, fingerprint: z.string().min(1).max(200) }).strict(),
    output: LogSourceStatus,
  },
} as const satisfies Record<string, RequestSpec>;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<N extends RequestName> = z.input<Requests[N]['input']>;
export type ParsedInput<N extends RequestName> = z.output<Requests[N]['input']>;
export type RequestOutput<N extends RequestName> = z.output<Requests[N]['output']>;

export const requestNames = Object.keys(requests) as RequestName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}
