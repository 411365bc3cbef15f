import { Settings } from '../contract/wire-types';
import type { SettingsView } from '../contract/wire-types';
import { clip } from '../clip';
import { InvalidInputError } from '../errors';
import { describeProblem } from './explain-config-issue';
import { salvage, valueAt } from './salvage';
import type { Repair } from './salvage';

export const defaultSettings: Settings = {
  timeZone: 'utc',
  // The last hour at Graphite's 10 s resolution: an incident is about now, and a flip's effect
  // shows as a cliff within seconds. A day or a week is one click away.
  rangeMinutes: 60,
  // On call, a graph older than ten seconds is already history.
  autoRefreshSeconds: 10,
  backends: [],
  dashboards: [],
  // Flipping is the point of the switchboard; a read-only console is a choice (or the config file's).
  role: 'operator',
  pinnedFlags: [],
  incidents: [],
};

/**
 * Where settings live: electron-store in the desktop app, a JSON file in browser mode, memory in
 * tests. The store only moves bytes; this module owns the schema and the defaults.
 */
export interface SettingsStore {
  /** What was saved, as read; `undefined` when nothing was saved yet. Throws if it cannot be read. */
  load(): unknown;
  save(settings: Settings): void;
  /**
   * Copies the stored file aside, as it is, before a save replaces a file that was not read in
   * full; returns where, or null when there is no file. Throws when it cannot (then nothing is saved).
   */
  keepCopy(): string | null;
  /** Where a person would look for the file, for error messages. */
  readonly location: string;
}

export interface SettingsService {
  view(): SettingsView;
  update(patch: Partial<Settings>): SettingsView;
}

/** How many repairs a warning names; the rest are counted. */
const MAX_REPAIRS_SAID = 10;

/**
 * Reads once at start. An unreadable or partly invalid file never stops the app and never loses
 * a setting: everything valid in it is used, what is not is said, and the file is left alone
 * until the user saves; that save first keeps a copy of it as it was.
 */
export function createSettingsService(store: SettingsStore): SettingsService {
  const read = readSalvaging(store);
  let current: SettingsView = read.view;
  let copyBeforeSaving = read.lossy;
  return {
    view: () => current,
    update(patch) {
      const next = Settings.safeParse({ ...current.settings, ...patch });
      if (!next.success) throw new InvalidInputError(`These settings cannot be saved: ${next.error.message}`);
      const copy = copyBeforeSaving ? keepCopy(store) : null;
      store.save(next.data);
      copyBeforeSaving = false;
      current = { settings: next.data, warning: copy ? `Saved. The settings file as it was before, with what could not be used, is kept as ${copy}.` : null };
      return current;
    },
  };
}

function keepCopy(store: SettingsStore): string | null {
  try {
    return store.keepCopy();
  } catch (error) {
    throw new InvalidInputError(`Nothing was saved: ${store.location} holds settings that could not be used, and a copy of it could not be kept before replacing it (${String(error)}).`, [], { cause: error });
  }
}

function readSalvaging(store: SettingsStore): { view: SettingsView; lossy: boolean } {
  let raw: unknown;
  try {
    raw = store.load();
  } catch (error) {
    return { view: { settings: defaultSettings, warning: `Could not read ${store.location} (${String(error)}); using defaults. The file is kept as it is${UNTIL_SAVED}` }, lossy: true };
  }
  if (raw === undefined) return { view: { settings: defaultSettings, warning: null }, lossy: false };
  if (!isObject(raw)) {
    return { view: { settings: defaultSettings, warning: `The saved settings in ${store.location} are not valid (it is not a JSON object); using defaults. The file is kept as it is${UNTIL_SAVED}` }, lossy: true };
  }
  // Keys added in later versions fall back to their defaults; whatever else is wrong is repaired and said.
  const { value, repairs } = salvage(Settings, { ...defaultSettings, ...raw }, defaultSettings);
  if (repairs.length === 0 && value) return { view: { settings: value, warning: null }, lossy: false };
  const said = repairs.slice(0, MAX_REPAIRS_SAID).map((repair) => describeRepair(repair, raw));
  const more = repairs.length > MAX_REPAIRS_SAID ? ` (and ${repairs.length - MAX_REPAIRS_SAID} more)` : '';
  return {
    view: { settings: value ?? defaultSettings, warning: `Some saved settings in ${store.location} could not be used: ${said.join('; ')}${more}. Everything else is in use. The file is kept as it is${UNTIL_SAVED}` },
    lossy: true,
  };
}

const UNTIL_SAVED = ' until you save, and then a copy of it is kept next to it.';

/** `dashboard "Fleet" › panel "Errors" › targets: at most 100 items, got 150 (kept the first 100 of 150)`. */
function describeRepair({ issue, at, done }: Repair, raw: unknown): string {
  const where = describePath(issue.path, raw) || 'the file';
  const problem = describeProblem(issue, valueAt(raw, issue.path));
  if (done === 'left out' && at.length < issue.path.length) return `${where}: ${problem}, so the ${describePath(at, raw)} was left out`;
  return `${where}: ${problem} (${done})`;
}

/** What an item of each list is called. */
const ITEM_NAMES: Record<string, string> = { backends: 'backend', dashboards: 'dashboard', panels: 'panel', targets: 'target', tags: 'tag', environments: 'environment', pinnedFlags: 'pinned flag', incidents: 'incident', entries: 'entry' };

/** A path as a person points at it, naming list items by their title, name or id: `dashboard "Fleet" › panel "Errors" › targets`. */
function describePath(path: readonly PropertyKey[], raw: unknown): string {
  const parts: string[] = [];
  path.forEach((key, i) => {
    if (typeof key !== 'number') return void parts.push(String(key));
    const list = String(parts.pop() ?? 'item');
    const item = valueAt(raw, path.slice(0, i + 1));
    const label = isObject(item) ? (item.title ?? item.name ?? item.id) : undefined;
    parts.push(`${ITEM_NAMES[list] ?? list} ${typeof label === 'string' ? `"${clip(label, 60)}"` : `#${key + 1}`}`);
  });
  return parts.join(' › ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For tests and the in-process bridge: `copies` are what `keepCopy` kept. */
export function createMemorySettingsStore(initial?: unknown): SettingsStore & { copies: unknown[] } {
  let saved = initial;
  const copies: unknown[] = [];
  return {
    location: 'memory',
    copies,
    load: () => saved,
    save: (s) => void (saved = s),
    keepCopy: () => (saved === undefined ? null : (copies.push(structuredClone(saved)), `memory copy ${copies.length}`)),
  };
}
