import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { z } from 'zod';

import {
  DashboardDefinition,
  DeploySourceDefinition,
  FlagServiceDefinition,
  GraphiteDefinition,
  LogSourceDefinition,
} from '../contract/backend-definitions';
import type { BackendDefinition, ConfigFileStatus } from '../contract/backend-definitions';
import { Role, SecretName } from '../contract/wire-types';
import { explainIssue } from './explain-config-issue';
import { expandLogFleets } from './log-fleets';
import { salvage } from './salvage';

/** How many repairs the paragraph names; the rest are counted. */
const MAX_REPAIRS_SAID = 10;

export interface LoadedConfig {
  status: ConfigFileStatus;
  backends: BackendDefinition[];
  dashboards: DashboardDefinition[];
  /** `role: viewer` makes this console read-only whatever its settings say; absent when the file sets none. */
  role?: Role;
  flipWebhook?: FlipWebhookConfig;
}

/** A Slack-compatible incoming webhook told of every confirmed flip; its URL is the credential, so it lives in the secret store. */
const FlipWebhookConfig = z.object({ urlSecret: SecretName, caFile: z.string().min(1).optional() }).strict();
export type FlipWebhookConfig = z.infer<typeof FlipWebhookConfig>;

/** Each section holds one kind of backend, so the file does not repeat `kind:` on every item. */
const section = (kind: BackendDefinition['kind'], schema: z.ZodType, max = 1_000) =>
  z
    .array(z.preprocess((item) => (isObject(item) ? { ...item, kind } : item), schema))
    .max(max, `at most ${max}`)
    .default([]);

export const ConfigFile = z
  .object({
    graphite: section('graphite', GraphiteDefinition),
    deploys: section('deploys', DeploySourceDefinition),
    flags: section('flags', FlagServiceDefinition, 1),
    logs: section('logs', LogSourceDefinition),
    dashboards: z.array(DashboardDefinition).max(1_000, 'at most 1000').default([]),
    role: Role.optional(),
    flipWebhook: FlipWebhookConfig.optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const graphiteIds = new Set(config.graphite.map((g) => (g as { id: string }).id));
    const seen = new Set<string>();
    for (const [sectionName, items] of Object.entries({ graphite: config.graphite, deploys: config.deploys, flags: config.flags, logs: config.logs })) {
      (items as BackendDefinition[]).forEach((item, index) => {
        if (seen.has(item.id)) context.addIssue({ code: 'custom', path: [sectionName, index, 'id'], message: `the id "${item.id}" is used twice; ids must be unique` });
        seen.add(item.id);
        if (item.kind === 'deploys' && item.type !== 'http-json' && !graphiteIds.has(item.graphite)) {
          context.addIssue({ code: 'custom', path: [sectionName, index, 'graphite'], message: `names no graphite backend "${item.graphite}" (defined: ${[...graphiteIds].join(', ') || 'none'})` });
        }
      });
    }
  });

/** Where the config file is looked for when `--config` does not say: the platform's config directory. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Ops Console', 'config.yaml');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Ops Console', 'config.yaml');
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'ops-console', 'config.yaml');
}

/**
 * Reads the config file. A missing file is normal (the demo runs); a broken one never stops the
 * app: what can be used is (a bad item is left out, a list over its maximum keeps its first
 * items, a title, name or unit over its maximum is cut), and the rest is reported in one
 * paragraph naming the file, the line, the field and what is expected. A file that is not YAML
 * is not used at all.
 */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: { path: file, state: 'absent', error: null }, backends: [], dashboards: [] };
    return invalid(file, `it cannot be read (${(error as Error).message})`);
  }
  return parseConfigText(file, text);
}

export function parseConfigText(file: string, text: string): LoadedConfig {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) {
    const where = lines.linePos(syntax.pos[0]);
    const reason = syntax.message.split('\n')[0]!;
    return invalid(file, `line ${where.line}, column ${where.col}: this is not valid YAML (${reason}).`);
  }
  const raw: unknown = document.toJS() ?? {};
  // A fleet entry (`hosts:` × `files:`) is written out first; problems are told where they are in the file.
  const fleets = isObject(raw) ? expandLogFleets(raw.logs) : null;
  const { value: config, repairs: found } = salvage(ConfigFile, fleets && isObject(raw) ? { ...raw, logs: fleets.logs } : raw);
  if (!config) return invalid(file, 'it must be a mapping of sections (graphite, deploys, flags, logs, dashboards).');
  // A fleet whose own fields are wrong stands for no source; a problem in a source it stands for is said at the fleet.
  const repairs = [
    ...(fleets?.issues ?? []).map((issue) => ({ issue, at: issue.path, done: 'not used' })),
    ...found.map((repair) => ({ ...repair, issue: fleets?.toFile(repair.issue) ?? repair.issue })),
  ];
  const backends = [...config.graphite, ...config.deploys, ...config.flags, ...config.logs] as BackendDefinition[];
  // `role:` only ever restricts: one that cannot be read is taken as the stricter, until the file says which.
  const roleUnread = repairs.some((repair) => repair.at[0] === 'role');
  const role = roleUnread ? 'viewer' : config.role;
  const loaded = { backends, dashboards: config.dashboards, ...(role ? { role } : {}), ...(config.flipWebhook ? { flipWebhook: config.flipWebhook } : {}) };
  if (repairs.length === 0) return { status: { path: file, state: 'ok', error: null }, ...loaded };
  // A fleet's shared field is wrong in every log it stands for: said once.
  const explained = [...new Set(repairs.map((repair) => `${explainIssue(repair.issue, document as Document, lines, raw)} (${repair.at[0] === 'role' ? 'taken as viewer: flips stay off' : repair.done})`))];
  const said = explained.slice(0, MAX_REPAIRS_SAID);
  const more = explained.length > MAX_REPAIRS_SAID ? ` (and ${explained.length - MAX_REPAIRS_SAID} more)` : '';
  const error = `Part of the config file ${file} was not used: ${said.join('; ')}${more}. Everything else in it is in use; fix it and restart Ops Console.`;
  return { status: { path: file, state: 'partial', error }, ...loaded };
}

function invalid(file: string, why: string): LoadedConfig {
  const error = `The config file ${file} was not used: ${why} Fix it and restart Ops Console; until then no backend from it is used.`;
  return { status: { path: file, state: 'invalid', error }, backends: [], dashboards: [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
