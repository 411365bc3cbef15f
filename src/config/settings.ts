import { Settings } from '../contract/wire-types';
import type { SettingsView } from '../contract/wire-types';
import { InvalidInputError } from '../errors';

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
  /** Where a person would look for the file, for error messages. */
  readonly location: string;
}

export interface SettingsService {
  view(): SettingsView;
  update(patch: Partial<Settings>): SettingsView;
}

/**
 * Reads once at start. An unreadable or invalid file never stops the app: it runs on defaults
 * and says so, and the broken file is only replaced when the user saves.
 */
export function createSettingsService(store: SettingsStore): SettingsService {
  let current: SettingsView = readOrDefaults(store);
  return {
    view: () => current,
    update(patch) {
      const next = Settings.safeParse({ ...current.settings, ...patch });
      if (!next.success) throw new InvalidInputError(`These settings cannot be saved: ${next.error.message}`);
      store.save(next.data);
      current = { settings: next.data, warning: null };
      return current;
    },
  };
}

function readOrDefaults(store: SettingsStore): SettingsView {
  let raw: unknown;
  try {
    raw = store.load();
  } catch (error) {
    return { settings: defaultSettings, warning: `Could not read ${store.location} (${String(error)}); using defaults.` };
  }
  if (raw === undefined) return { settings: defaultSettings, warning: null };
  // Keys added in later versions fall back to their defaults; unknown or wrong ones are reported.
  const parsed = Settings.safeParse({ ...defaultSettings, ...(isObject(raw) ? raw : {}) });
  if (parsed.success && isObject(raw)) return { settings: parsed.data, warning: null };
  const why = parsed.success
    ? 'it is not a JSON object'
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
  return {
    settings: defaultSettings,
    warning: `The saved settings in ${store.location} are not valid (${why}); using defaults until you save.`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For tests and the in-process bridge. */
export function createMemorySettingsStore(initial?: unknown): SettingsStore {
  let saved = initial;
  return { location: 'memory', load: () => saved, save: (s) => void (saved = s) };
}
