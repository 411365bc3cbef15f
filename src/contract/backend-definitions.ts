import { z } from './zod';

// What a backend is, as the config file and the Backends settings both describe it. Secrets are
// never here: a definition names the secret (`passwordSecret: graphite.password`) and the value
// stays in the secret store.

/**
 * How much a definition may hold: far beyond any real backend or dashboard (settings saved
 * before these bounds existed must still load), yet low enough that no request can make the
 * core check, store or answer about hundreds of thousands of items.
 */
export const DEFINITION_LIMITS = {
  /** A title, a name a person reads. */
  title: 500,
  /** A panel's unit: "%", "req/s", "ms". */
  unit: 100,
  /** A Graphite target: `graphs.render` takes none longer. */
  target: 2_000,
  /** A URL or a URL path. */
  url: 2_048,
  /** A file path on this machine (a CA file). */
  file: 4_096,
  panels: 500,
  /** A bigger panel is drawn in several `graphs.render` requests of 20. */
  targetsPerPanel: 100,
  tags: 50,
  environments: 100,
} as const;
const L = DEFINITION_LIMITS;

const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - or _ (at most 64)');
const SecretRef = z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'the name of a secret, e.g. graphite.password');
const HttpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).max(L.url);
/** A path on the service (`/api/flags/{key}`), for the in-house JSON services. */
const ServicePath = z.string().max(L.url).startsWith('/');
/** A JSON field of an in-house service's answer, by dotted path (`state.prod.on`). */
const FieldPath = z.string().min(1).max(200);
/** Where the list is in an answer, as a dotted path; empty when the answer is the list. */
const ItemsPath = z.string().max(200).default('');
/** A name a person gave: a user, a project, a service, a host. */
const Label = z.string().min(1).max(200);

export const HttpAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('basic'), username: Label, passwordSecret: SecretRef }).strict(),
  z.object({ type: z.literal('bearer'), tokenSecret: SecretRef }).strict(),
]);
export type HttpAuth = z.infer<typeof HttpAuth>;

const common = {
  id: Id,
  /** What a person calls it: "Graphite (prod)". Defaults to the id. */
  name: z.string().min(1).max(100).optional(),
};

const http = {
  url: HttpUrl,
  auth: HttpAuth.default({ type: 'none' }),
  /** A PEM file of extra certificate authorities, for a server with an in-house certificate. */
  caFile: z.string().min(1).max(L.file).optional(),
};

export const GraphiteDefinition = z.object({ ...common, kind: z.literal('graphite'), ...http }).strict();

export const DeploySourceDefinition = z.discriminatedUnion('type', [
  z
    .object({
      ...common,
      kind: z.literal('deploys'),
      type: z.literal('graphite-events'),
      /** The id of a graphite backend. */
      graphite: Id,
      tags: z.array(z.string().min(1).max(200)).max(L.tags).default(['deploy']),
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal('deploys'),
      type: z.literal('graphite-series'),
      graphite: Id,
      /** Each non-zero point of these series is a deploy, e.g. `deploys.*` (drawn with drawAsInfinite). */
      target: z.string().min(1).max(L.target),
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal('deploys'),
      type: z.literal('http-json'),
      ...http,
      /** Where the list is in the response, as a dotted path; empty when the response is the list. */
      itemsPath: ItemsPath,
      fields: z.object({ who: FieldPath, what: FieldPath, when: FieldPath, link: FieldPath.optional() }).strict(),
    })
    .strict(),
]);

export const FlagServiceDefinition = z.discriminatedUnion('type', [
  z
    .object({
      ...common,
      kind: z.literal('flags'),
      type: z.literal('unleash'),
      url: HttpUrl,
      /** An Unleash admin token or a personal access token (per-person attribution), by secret name. */
      tokenSecret: SecretRef,
      project: Label.default('default'),
      caFile: http.caFile,
    })
    .strict(),
  /**
   * An in-house, config-driven flag service (Etsy-style) that speaks JSON: a list endpoint and a
   * flip endpoint, mapped field by field (docs/flags.md). `{key}` and `{environment}` in the
   * paths and body template are replaced (URL-encoded in paths, JSON values in the body).
   */
  z
    .object({
      ...common,
      kind: z.literal('flags'),
      type: z.literal('http-json'),
      ...http,
      list: z.object({ path: ServicePath, itemsPath: ItemsPath }).strict(),
      /** One flag, for the re-read around a flip; without it the list is read again. */
      read: z.object({ path: ServicePath.includes('{key}'), itemPath: ItemsPath }).strict().optional(),
      /** The environments the service has; `enabled` says where each one's switch is in an item. */
      environments: z
        .array(
          z
            .object({
              name: z.string().min(1).max(100),
              /** The service's own name for it in `{environment}` (`prod`), when it differs from `name`. */
              serviceName: z.string().min(1).max(100).optional(),
              enabled: FieldPath,
              rolloutPercent: FieldPath.optional(),
              production: z.boolean().default(false),
            })
            .strict(),
        )
        .min(1)
        .max(L.environments),
      fields: z
        .object({
          key: FieldPath,
          type: FieldPath.optional(),
          description: FieldPath.optional(),
          tags: FieldPath.optional(),
          stale: FieldPath.optional(),
          updatedAt: FieldPath.optional(),
          updatedBy: FieldPath.optional(),
        })
        .strict(),
      flip: z
        .object({
          method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
          path: ServicePath,
          /** JSON; a string that is exactly `"{enabled}"` becomes true/false, `"{rolloutPercent}"` a number or null; `{key}` and `{environment}` are replaced inside strings. */
          body: z.string().max(10_000).default('{"enabled": "{enabled}"}'),
        })
        .strict(),
    })
    .strict(),
]);

/** What every log source has: whose logs they are, and how many lines are kept. */
const logShown = {
  ...common,
  kind: z.literal('logs'),
  /** The service whose graphs this log explains: a panel with `service: checkout` opens these logs. */
  service: Label,
  /** Lines kept in memory for this source (the ring buffer); for a journal, for each of its hosts. */
  bufferLines: z.number().int().min(1_000).max(2_000_000).default(100_000),
};

const logCommon = {
  ...logShown,
  /** The host name shown on each line. */
  host: Label,
};

/**
 * A log file name as the forced-command wrapper accepts it: letters, digits, `_` and `-`, at
 * most 64. No path, no dot, nothing a shell could read as syntax: it can never become a command.
 */
export const LogFileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a log name: letters, digits, _ or - (at most 64), no path and no dots');

/** A host name or an IP address, as ssh takes it. */
export const SshAddress = z.string().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address');

const SshEndpoint = z
  .object({
    address: SshAddress,
    port: z.number().int().min(1).max(65_535).default(22),
    username: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'a Unix user name'),
  })
  .strict();

/**
 * A systemd unit or syslog identifier as the wrapper accepts it (`checkout.service`, `sshd`,
 * `getty@tty1.service`): like a log name, with dots, `@` and `:`; no path, space, glob or shell syntax.
 */
export const JournalName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@:-]{0,99}$/, 'a unit or identifier: letters, digits, _ . @ : or - (at most 100), no spaces or wildcards');

/** Which entries of a journal are shown: by unit or by identifier (not both), or all of them. */
const journalMatch = {
  /** systemd units (`_SYSTEMD_UNIT`); a name without a type (`checkout`) means `checkout.service`. */
  units: z.array(JournalName).max(8).default([]),
  /** Syslog identifiers (`SYSLOG_IDENTIFIER`, journalctl -t), for what no unit of its own logs. */
  identifiers: z.array(JournalName).max(8).default([]),
};
const oneKindOfMatch = (def: { units: string[]; identifiers: string[] }) => def.units.length === 0 || def.identifiers.length === 0;
const oneKindOfMatchError = { message: 'units or identifiers, not both: a journal entry would have to match both', path: ['identifiers'] };

/** `-u checkout.service -t sshd`: a journal source's match as journalctl's options; empty for every entry. */
export function journalMatchOptions(match: { units: readonly string[]; identifiers: readonly string[] }): string {
  return [...match.units.map((unit) => `-u ${unit}`), ...match.identifiers.map((id) => `-t ${id}`)].join(' ');
}

/** Logging in to a log host: its address and user, a key or the agent, and an optional bastion. */
const sshLogin = {
  ...SshEndpoint.shape,
  /** A private key from the secret store, or the running ssh-agent (`SSH_AUTH_SOCK`). */
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('key'), keySecret: SecretRef, passphraseSecret: SecretRef.optional() }).strict(),
    z.object({ type: z.literal('agent') }).strict(),
  ]),
  /** Reached through this bastion first (like `ssh -J`); its key is checked the same way. */
  jumpHost: SshEndpoint.optional(),
};

export const LogSourceDefinition = z.discriminatedUnion('type', [
  z.object({ ...logCommon, type: z.literal('http'), ...http }).strict(),
  z
    .object({
      ...logCommon,
      type: z.literal('ssh'),
      ...sshLogin,
      /** The log's name on the host, as the wrapper knows it (`app` for /var/log/app/app.log). */
      file: LogFileName,
    })
    .strict(),
  /**
   * The systemd journal of a host, through the same wrapper (`journalctl -o json`). Each entry's
   * `_HOSTNAME` is its host, so a host that collects others' journals shows them all.
   */
  z
    .object({
      ...logShown,
      type: z.literal('ssh-journal'),
      /** Shown for entries without a `_HOSTNAME`, and before the first entry; the address when absent. */
      host: Label.optional(),
      ...sshLogin,
      ...journalMatch,
    })
    .strict()
    .refine(oneKindOfMatch, oneKindOfMatchError),
  /**
   * A central journal served by systemd-journal-gatewayd (hosts send theirs with
   * systemd-journal-upload to systemd-journal-remote): every `_HOSTNAME` in it is a host.
   */
  z
    .object({ ...logShown, type: z.literal('journal-gateway'), ...http, ...journalMatch })
    .strict()
    .refine(oneKindOfMatch, oneKindOfMatchError),
]);
export const BackendDefinition = z.union([GraphiteDefinition, DeploySourceDefinition, FlagServiceDefinition, LogSourceDefinition]);
export type BackendDefinition = z.output<typeof BackendDefinition>;
export type GraphiteDefinition = z.output<typeof GraphiteDefinition>;
export type DeploySourceDefinition = z.output<typeof DeploySourceDefinition>;
export type FlagServiceDefinition = z.output<typeof FlagServiceDefinition>;
export type LogSourceDefinition = z.output<typeof LogSourceDefinition>;

const MarkerTags = z.array(z.string().min(1).max(100)).min(1).max(20);

export const PanelDefinition = z
  .object({
    title: z.string().min(1).max(L.title),
    targets: z.array(z.string().min(1).max(L.target)).min(1).max(L.targetsPerPanel),
    unit: z.string().max(L.unit).default(''),
    /** Markers of this service only (deploy/flip tags); all markers when absent. */
    service: z.string().max(200).optional(),
    /** Deploys carrying every one of these tags (as Graphite events match tags), and flips of a service named among them; overrides the dashboard's. */
    markerTags: MarkerTags.optional(),
    thresholds: z.object({ low: z.number().optional(), high: z.number().optional() }).strict().optional(),
  })
  .strict();
export type PanelDefinition = z.output<typeof PanelDefinition>;

/** What a dashboard opens with, unless a link says otherwise: Grafana's saved time range and refresh. */
export const DashboardDefaults = z
  .object({
    /** Live over the last this many minutes; or a fixed window, `from`/`until` in epoch ms. */
    rangeMinutes: z.number().int().min(5).max(60 * 24 * 30).optional(),
    from: z.number().int().nonnegative().optional(),
    until: z.number().int().nonnegative().optional(),
    /** One of the refresh choices the console offers; 0 is off. */
    refreshSeconds: z.union([z.literal(0), z.literal(10), z.literal(30), z.literal(60), z.literal(300)]).optional(),
  })
  .strict()
  .refine((d) => (d.from === undefined) === (d.until === undefined) && (d.from === undefined || (d.from < d.until! && d.rangeMinutes === undefined)), {
    message: 'a fixed range needs both from and until (from first), and no rangeMinutes',
  });
export type DashboardDefaults = z.output<typeof DashboardDefaults>;

export const DashboardDefinition = z
  .object({
    id: Id,
    title: z.string().min(1).max(L.title),
    panels: z.array(PanelDefinition).min(1).max(L.panels),
    /** Every panel's marker filter, unless the panel has its own (see PanelDefinition.markerTags). */
    markerTags: MarkerTags.optional(),
    defaults: DashboardDefaults.optional(),
  })
  .strict();
export type DashboardDefinition = z.output<typeof DashboardDefinition>;

/** Where a definition comes from: the config file (read-only in the UI), the UI (settings), or the demo. */
export const Origin = z.enum(['config', 'settings', 'demo']);

export const BackendEntry = z.object({ definition: BackendDefinition, origin: Origin });
export type BackendEntry = z.infer<typeof BackendEntry>;

export const DashboardEntry = z.object({ dashboard: DashboardDefinition, origin: Origin });
export type DashboardEntry = z.infer<typeof DashboardEntry>;

export const ConfigFileStatus = z.object({
  path: z.string(),
  /** `partial`: what could be read is used, `error` says what was left out. */
  state: z.enum(['absent', 'ok', 'partial', 'invalid']),
  /** One paragraph naming the file, the line, the field and what is expected. */
  error: z.string().nullable(),
});
export type ConfigFileStatus = z.infer<typeof ConfigFileStatus>;

export const ConnectionTest = z.object({
  ok: z.boolean(),
  /** What answered ("Graphite 1.1.8, 42 metrics under *") or what failed and why. */
  message: z.string(),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;
