import type { FlagSetting } from '../contract/wire-types';
import { InvalidInputError } from '../errors';
import type { UnleashStrategy } from './unleash-schemas';

// Who gets a flag, in Unleash's own vocabulary (docs/flags.md has the table for Unleash users):
//   everyone   — no active strategy, a `default` strategy, or a flexibleRollout at 100 % without constraints
//   percentage — a flexibleRollout at N % without constraints (gradual rollout)
//   staff      — a strategy constrained to the staff group: `userGroup IN [staff]` (what we write);
//                any other constraint or targeting strategy also limits it to a chosen group and reads as staff
//   dark       — a strategy titled `dark-launch` (what we write: a flexibleRollout at 100 % titled
//                `dark-launch` with one strategy variant `dark`, so the code path runs and the app hides its result)

/** The context field and value our staff constraint uses; Unleash accepts it without defining the field first. */
export const STAFF_CONSTRAINT = { contextName: 'userGroup', operator: 'IN', values: ['staff'] } as const;
export const DARK_LAUNCH_TITLE = 'dark-launch';
const DARK_VARIANT = { name: 'dark', weight: 1000, weightType: 'variable', stickiness: 'default' } as const;

export type Audience = Pick<FlagSetting, 'audience' | 'rolloutPercent'>;

/** The audience an environment's strategies give, as the switchboard shows it. */
export function readAudience(strategies: readonly UnleashStrategy[]): Audience {
  const active = strategies.filter((s) => s.disabled !== true);
  if (active.some(isDarkLaunch)) return { audience: 'dark', rolloutPercent: null };
  const open = active.filter((s) => (s.constraints?.length ?? 0) === 0 && (s.segments?.length ?? 0) === 0);
  // Strategies add up in Unleash: one that serves everyone makes the others moot.
  if (active.length === 0 || open.some((s) => s.name === 'default' || (s.name === 'flexibleRollout' && rollout(s) === 100))) {
    return { audience: 'everyone', rolloutPercent: null };
  }
  const rollouts = open.filter((s) => s.name === 'flexibleRollout').map(rollout);
  if (rollouts.length > 0 && rollouts.length === open.length && rollouts.every((r) => r !== null)) {
    // Several gradual rollouts reach at least the largest share; one is the usual case.
    return { audience: 'percentage', rolloutPercent: Math.max(...rollouts) };
  }
  return { audience: 'staff', rolloutPercent: null };
}

function isDarkLaunch(strategy: UnleashStrategy): boolean {
  return (strategy.title ?? '').trim().toLowerCase() === DARK_LAUNCH_TITLE;
}

/** A strategy's rollout as a number; Unleash stores strings and does not range-check them ("150" is kept and shown as such). */
function rollout(strategy: UnleashStrategy): number | null {
  const raw = strategy.parameters?.rollout;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** The fields of a strategy that decide its audience: what we write, and what we `test` before replacing. */
export interface AudienceFields {
  name: string;
  title: string;
  parameters: Record<string, string>;
  constraints: { contextName: string; operator: string; values: string[] }[];
  variants: { name: string; weight: number; weightType: string; stickiness: string }[];
}

/**
 * The one strategy that gives `target`. Keeps the existing strategy's stickiness and groupId, so a
 * percentage change keeps the same users in (Unleash hashes userId + groupId). Never more than 100 %.
 */
export function strategyFor(target: Audience, flag: string, existing: UnleashStrategy | undefined): AudienceFields {
  const previous = existing?.name === 'flexibleRollout' ? existing.parameters : undefined;
  const percent = target.audience === 'percentage' ? checkedPercent(target.rolloutPercent) : 100;
  const parameters = {
    rollout: String(percent),
    stickiness: String(previous?.stickiness ?? 'default'),
    groupId: String(previous?.groupId ?? flag),
  };
  return {
    name: 'flexibleRollout',
    title: target.audience === 'dark' ? DARK_LAUNCH_TITLE : '',
    parameters,
    constraints: target.audience === 'staff' ? [{ ...STAFF_CONSTRAINT, values: [...STAFF_CONSTRAINT.values] }] : [],
    variants: target.audience === 'dark' ? [{ ...DARK_VARIANT }] : [],
  };
}

/**
 * JSON Patch that turns `current` into `desired`, guarded: each field is first `test`ed against
 * what we read, so a change someone made since our read fails the whole patch (Unleash answers
 * 500 TEST_OPERATION_FAILED) instead of being overwritten.
 */
export function guardedPatch(current: UnleashStrategy, desired: AudienceFields): { op: string; path: string; value: unknown }[] {
  const tests: { op: string; path: string; value: unknown }[] = [{ op: 'test', path: '/name', value: current.name }];
  if (current.parameters?.rollout !== undefined) tests.push({ op: 'test', path: '/parameters/rollout', value: current.parameters.rollout });
  if (current.constraints) tests.push({ op: 'test', path: '/constraints', value: current.constraints });
  if (current.title !== undefined && current.title !== null) tests.push({ op: 'test', path: '/title', value: current.title });
  const replaces = (['name', 'title', 'parameters', 'constraints', 'variants'] as const).map((field) => ({ op: 'add', path: `/${field}`, value: desired[field] }));
  return [...tests, ...replaces];
}

function checkedPercent(value: number | null): number {
  // The contract refuses anything else already; this is the last line, so Unleash never stores 150.
  if (value === null || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new InvalidInputError(`a percentage rollout needs a whole share of users from 0 to 100, not ${String(value)}`);
  }
  return value;
}

export function sameAudience(a: Audience, b: Audience): boolean {
  return a.audience === b.audience && (a.audience !== 'percentage' || a.rolloutPercent === b.rolloutPercent);
}
