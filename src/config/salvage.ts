import type { z } from 'zod';

import { clip } from '../clip';

/**
 * Reading what a person stored (the settings file, the config file) when part of it is not
 * valid: a file written by an older version before a limit existed, a hand edit gone wrong.
 * Everything valid is kept and each repair is said, never the whole file dropped for one item.
 */

/** One thing that could not be kept as it was, and what was done about it. */
export interface Repair {
  issue: z.core.$ZodIssue;
  /** What was changed: the item left out, the list cut short, the field reset. */
  at: PropertyKey[];
  /** As a clause: "left out", "kept the first 100 of 150", "cut to 500 characters", "ignored", "not used". */
  done: string;
}

export interface Salvaged<T> {
  /** Null only when nothing could be kept (the root is not an object at all). */
  value: T | null;
  repairs: Repair[];
}

/** Text a person reads and nothing refers to: cut to its limit rather than lose the item it names. */
const CUT_TO_FIT = new Set(['title', 'name', 'unit']);
/** Each round fixes what the last parse reported; nesting is a few levels deep, so a few rounds suffice. */
const MAX_ROUNDS = 20;

/**
 * `raw` parsed by `schema`, repaired where it fails: an unknown field is ignored, a list over its
 * maximum keeps its first items, a title, name or unit over its maximum is cut, and any other
 * bad value leaves out the smallest list item that holds it (a target, then a panel with no
 * targets left, …) or, outside any list, falls back to `defaults[key]` (or is dropped, when there
 * is none). A bad field is never just dropped from its item: an item without its `auth` or its
 * `jumpHost` would still run, differently from what was written.
 */
export function salvage<S extends z.ZodType>(schema: S, raw: unknown, defaults: Record<string, unknown> = {}): Salvaged<z.output<S>> {
  const data: unknown = structuredClone(raw);
  const places = new ListPlaces();
  const repairs: Repair[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parsed = schema.safeParse(data);
    if (parsed.success) return { value: parsed.data, repairs };
    const planned = parsed.error.issues.map((issue) => plan(data, issue, defaults, places));
    if (planned.some((repair) => repair === null)) break;
    repairs.push(...apply(planned as Planned[]));
  }
  return { value: null, repairs };
}

/**
 * Where each item of a list stood in the file as read, once items before it were taken out: a
 * later round's issue names the item by its place now, a repair by its place in the file.
 */
class ListPlaces {
  private readonly places = new WeakMap<unknown[], number[]>();

  of(list: unknown[]): number[] {
    let places = this.places.get(list);
    if (!places) this.places.set(list, (places = list.map((_, i) => i)));
    return places;
  }

  /** `path` (in the data as it is now) as a path in the file as read. */
  inFile(data: unknown, path: readonly PropertyKey[]): PropertyKey[] {
    let node = data;
    return path.map((key) => {
      const here = node;
      node = child(node, key);
      return Array.isArray(here) && typeof key === 'number' ? (this.places.get(here)?.[key] ?? key) : key;
    });
  }
}

/** A repair and how to make it; a removal also says where its item is now, to order removals by. */
type Planned = Repair & { change: () => void; removes?: PropertyKey[] };

function plan(data: unknown, problem: z.core.$ZodIssue, defaults: Record<string, unknown>, places: ListPlaces): Planned | null {
  const path = problem.path;
  const issue = { ...problem, path: places.inFile(data, path) };
  const target = valueAt(data, path);
  if (issue.code === 'unrecognized_keys' && isRecord(target)) {
    return { issue, at: issue.path, done: 'ignored', change: () => issue.keys.forEach((key) => delete target[key]) };
  }
  if (issue.code === 'too_big' && Array.isArray(target)) {
    const max = Number(issue.maximum);
    const change = () => {
      places.of(target).length = max;
      target.length = max;
    };
    return { issue, at: issue.path, done: `kept the first ${max} of ${target.length}`, change };
  }
  const key = path.at(-1);
  if (issue.code === 'too_big' && typeof target === 'string' && typeof key === 'string' && CUT_TO_FIT.has(key)) {
    const max = Number(issue.maximum);
    const parent = valueAt(data, path.slice(0, -1)) as Record<string, unknown>;
    return { issue, at: issue.path, done: `cut to ${max} characters`, change: () => void (parent[key] = clip(target, max)) };
  }
  const element = innermostElement(data, path);
  if (element) {
    const list = valueAt(data, element.slice(0, -1)) as unknown[];
    const index = element.at(-1) as number;
    const change = () => {
      places.of(list).splice(index, 1);
      list.splice(index, 1);
    };
    return { issue, at: places.inFile(data, element), done: 'left out', removes: element, change };
  }
  const top = path[0];
  if (top === undefined || !isRecord(data)) return null;
  const fallback = (defaults as Record<PropertyKey, unknown>)[top];
  return {
    issue,
    at: [top],
    done: fallback === undefined ? 'not used' : `the default (${JSON.stringify(fallback)}) is used`,
    change: () => (fallback === undefined ? delete data[top as string] : (data[top as string] = structuredClone(fallback))),
  };
}

/**
 * Edits in place first, then removals from the last path to the first, so that taking out an
 * item never shifts the index of another one still to be taken out; an item named twice goes
 * once. The repairs are said in the order of the problems found.
 */
function apply(planned: Planned[]): Repair[] {
  const removals = new Map<string, Planned & { removes: PropertyKey[] }>();
  for (const repair of planned) {
    if (!repair.removes) repair.change();
    else if (!removals.has(JSON.stringify(repair.removes))) removals.set(JSON.stringify(repair.removes), repair as Planned & { removes: PropertyKey[] });
  }
  const removed = [...removals.values()];
  for (const repair of [...removed].sort((a, b) => comparePaths(b.removes, a.removes))) repair.change();
  return planned.filter((repair) => !repair.removes || removed.includes(repair as Planned & { removes: PropertyKey[] })).map(({ issue, at, done }) => ({ issue, at, done }));
}

/** The path of the innermost list item along `path`, or null when the path crosses no list. */
function innermostElement(data: unknown, path: PropertyKey[]): PropertyKey[] | null {
  let node = data;
  let found: PropertyKey[] | null = null;
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(node) && typeof path[i] === 'number') found = path.slice(0, i + 1);
    node = child(node, path[i]!);
  }
  return found;
}

function comparePaths(a: PropertyKey[], b: PropertyKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    return typeof a[i] === 'number' && typeof b[i] === 'number' ? (a[i] as number) - (b[i] as number) : String(a[i]).localeCompare(String(b[i]));
  }
  return a.length - b.length;
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const key of path) node = child(node, key);
  return node;
}

function child(node: unknown, key: PropertyKey): unknown {
  return isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
