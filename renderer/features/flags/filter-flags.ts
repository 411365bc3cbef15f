import type { Flag, FlagType } from '../../../src/contract/wire-types';
import { stateOf } from './flag-state';
import type { FlagState } from './flag-state';

export interface FlagFilter {
  text: string;
  /** The environment `state` looks at; undefined = the first column (production). */
  environment: string | undefined;
  state: FlagState | 'any';
  type: FlagType | 'any';
  /** A tag, or 'any'. */
  tag: string;
  /** The incident view: only pinned flags and kill switches. */
  pinsOnly: boolean;
}

export const noFilter: FlagFilter = { text: '', environment: undefined, state: 'any', type: 'any', tag: 'any', pinsOnly: false };

export function isFiltering(filter: FlagFilter): boolean {
  return filter.text.trim() !== '' || filter.state !== 'any' || filter.type !== 'any' || filter.tag !== 'any' || filter.pinsOnly;
}

/** Pinned by someone on call, or a kill switch: what an incident reaches for first. */
export const isPin = (flag: Flag, pinned: ReadonlySet<string>) => pinned.has(flag.key) || flag.type === 'kill-switch';

// Lower-cased once per flag object: a new list brings new objects, so nothing stale is ever searched.
const haystacks = new WeakMap<Flag, string>();
function haystackOf(flag: Flag): string {
  let text = haystacks.get(flag);
  if (text === undefined) {
    text = `${flag.key}\n${flag.description}\n${flag.tags.join(' ')}`.toLowerCase();
    haystacks.set(flag, text);
  }
  return text;
}

/**
 * The flags that match, pins first (pinned and kill switches), each group in the service's
 * order. Every word of the search must appear in the key, description or tags,
 * case-insensitively: "checkout tax" finds `checkout.new-tax-engine`. Runs on every keystroke in
 * the window, never on the server (Unleash's search API allows 15 requests a minute).
 */
export function filterFlags(flags: readonly Flag[], filter: FlagFilter, pinned: ReadonlySet<string>, defaultEnvironment: string | undefined): Flag[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const environment = filter.environment ?? defaultEnvironment;
  // Typing on only narrows the search: the last matches (in order, pins first) are all that can
  // still match, so 10,000 flags are scanned once, not on every keystroke.
  const criteria = JSON.stringify([environment, filter.state, filter.type, filter.tag, filter.pinsOnly]);
  const last = lastSearches.get(flags);
  const candidates = last && last.criteria === criteria && last.pinned === pinned && narrows(words, last.words) ? last.result : flags;
  const result = matching(candidates, words, environment, filter, pinned);
  lastSearches.set(flags, { criteria, words, pinned, result });
  return result;
}

const lastSearches = new WeakMap<readonly Flag[], { criteria: string; words: string[]; pinned: ReadonlySet<string>; result: Flag[] }>();

/** Every flag that matches `next` also matched `previous`: each old word is inside a new one. */
function narrows(next: readonly string[], previous: readonly string[]): boolean {
  return previous.every((old) => next.some((word) => word.includes(old)));
}

function matching(flags: readonly Flag[], words: readonly string[], environment: string | undefined, filter: FlagFilter, pinned: ReadonlySet<string>): Flag[] {
  const pins: Flag[] = [];
  const rest: Flag[] = [];
  for (const flag of flags) {
    if (filter.type !== 'any' && flag.type !== filter.type) continue;
    if (filter.tag !== 'any' && !flag.tags.includes(filter.tag)) continue;
    const pin = isPin(flag, pinned);
    if (filter.pinsOnly && !pin) continue;
    if (filter.state !== 'any') {
      const env = flag.environments.find((e) => e.name === environment);
      if (!env || stateOf(env) !== filter.state) continue;
    }
    if (words.length > 0) {
      const haystack = haystackOf(flag);
      if (!words.every((word) => haystack.includes(word))) continue;
    }
    (pin ? pins : rest).push(flag);
  }
  return pins.concat(rest);
}

/**
 * The environment columns, production first: it is the one an incident is about. The rest keep
 * the flag service's order.
 */
export function environmentsOf(flags: readonly Flag[]): string[] {
  const names: string[] = [];
  const production = new Set<string>();
  for (const flag of flags) {
    for (const env of flag.environments) {
      if (!names.includes(env.name)) names.push(env.name);
      if (env.production) production.add(env.name);
    }
  }
  return [...names.filter((n) => production.has(n)), ...names.filter((n) => !production.has(n))];
}

/** The service a flag belongs to, for "all kill switches of service X": its key's first segment. */
export function serviceOf(flag: Flag): string {
  return /^[^.:/]+(?=[.:/])/.exec(flag.key)?.[0] ?? flag.project;
}
