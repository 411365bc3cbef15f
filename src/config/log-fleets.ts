import { z } from 'zod';

import { LogFileName, SshAddress } from '../contract/backend-definitions';

// A fleet in the config file: one `logs:` entry of type ssh with `hosts:` and `files:` stands
// for a source per host and file, so fifty web hosts with three logs each are one entry, not
// 150. Each log's id is `<host>-<file>` and its host the host's first name (`web-7` for
// web-7.internal); everything else (service, username, auth, port, jumpHost, bufferLines) is
// shared. The sources it stands for are checked as if they had been written out.

const FleetHost = z.union([
  SshAddress,
  z.object({ address: SshAddress, port: z.number().int().min(1).max(65_535).optional(), host: z.string().min(1).max(100).optional() }).strict(),
]);

const FleetPart = z.object({
  hosts: z.array(FleetHost).min(1).max(1_000),
  files: z.array(LogFileName).min(1).max(64),
});

/** Each source's own fields: a fleet entry gets them from `hosts:` and `files:`. */
const PER_SOURCE = ['id', 'name', 'host', 'address', 'file'] as const;

export interface ExpandedLogs {
  /** The `logs:` section with every fleet written out. */
  logs: unknown;
  /** Problems with the fleets' own fields, at their place in the file: such a fleet stands for no source. */
  issues: z.core.$ZodIssue[];
  /** A problem found in the written-out section, moved to its place in the file. */
  toFile(issue: z.core.$ZodIssue): z.core.$ZodIssue;
}

export function expandLogFleets(logs: unknown): ExpandedLogs {
  if (!Array.isArray(logs)) return { logs, issues: [], toFile: (issue) => issue };
  const expanded: unknown[] = [];
  const origin: number[] = [];
  const issues: z.core.$ZodIssue[] = [];
  logs.forEach((entry: unknown, index) => {
    if (!isFleet(entry)) {
      expanded.push(entry);
      origin.push(index);
      return;
    }
    const { hosts, files, ...shared } = entry;
    if (shared.type !== 'ssh') {
      issues.push({ code: 'custom', path: ['logs', index, 'hosts'], message: 'must be in an entry of type: ssh (a fleet of log hosts reached by SSH)', input: hosts });
      return;
    }
    // A fleet with a problem of its own stands for no source at all: half a fleet, or one whose
    // logs are named otherwise than written, would tail something else than the file says.
    const own = PER_SOURCE.filter((key) => key in shared).map(
      (key): z.core.$ZodIssue => ({ code: 'custom', path: ['logs', index, key], message: `must not be set in an entry with hosts: each log's ${key === 'id' ? 'id is <host>-<file>' : key === 'file' ? 'names are in files:' : 'own comes from hosts:'}`, input: shared[key] }),
    );
    const fleet = FleetPart.safeParse({ hosts, files });
    if (!fleet.success) own.push(...fleet.error.issues.map((issue) => ({ ...issue, path: ['logs', index, ...issue.path] })));
    if (own.length > 0 || !fleet.success) {
      issues.push(...own);
      return;
    }
    for (const host of fleet.data.hosts) {
      const { address, port, host: name } = typeof host === 'string' ? { address: host, port: undefined, host: undefined } : host;
      const shown = name ?? shortName(address);
      for (const file of fleet.data.files) {
        expanded.push({ ...shared, id: sourceId(shown, file), host: shown, address, ...(port === undefined ? {} : { port }), file });
        origin.push(index);
      }
    }
  });
  return {
    logs: expanded,
    issues,
    toFile(issue) {
      const [section, at, ...rest] = issue.path;
      if (section !== 'logs' || typeof at !== 'number' || origin[at] === undefined) return issue;
      return { ...issue, path: ['logs', origin[at], ...rest] };
    },
  };
}

function isFleet(entry: unknown): entry is Record<string, unknown> & { hosts: unknown; files: unknown } {
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) && 'hosts' in entry;
}

/** `web-7` for web-7.internal; an IP address stays whole. */
function shortName(address: string): string {
  return /^[\d.]+$/.test(address) || address.includes(':') ? address : address.split('.')[0]!;
}

/** `web-7-app`: the id rules (lower case, digits, - and _) applied to `<host>-<file>`. */
function sourceId(host: string, file: string): string {
  return `${host}-${file}`.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
}
