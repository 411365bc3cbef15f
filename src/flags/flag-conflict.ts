import type { FlagSetting } from '../contract/wire-types';
import { ConflictError } from '../errors';
import { describeSetting } from './describe-setting';

export interface FlagConflict {
  key: string;
  environment: string;
  /** The environment as the fresh read found it: what the flip would have overwritten. */
  current: FlagSetting;
  /** Who and when the flag service says it last changed; null where it does not say. */
  changedBy: string | null;
  changedAt: number | null;
}

/**
 * The environment changed since the user loaded it (someone else flipped it): nothing was
 * written. The message names who, when and what it is now, so the person on call can decide
 * again on what is really there.
 */
export class FlagConflictError extends ConflictError {
  readonly current: FlagSetting;
  readonly changedBy: string | null;
  readonly changedAt: number | null;

  constructor(conflict: FlagConflict, options?: { cause?: unknown }) {
    super(conflictMessage(conflict), options);
    this.current = conflict.current;
    this.changedBy = conflict.changedBy;
    this.changedAt = conflict.changedAt;
  }
}

function conflictMessage({ key, environment, current, changedBy, changedAt }: FlagConflict): string {
  const who = changedBy ?? 'someone else';
  const when = changedAt === null ? '' : ` at ${new Date(changedAt).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return `${key} in ${environment} was changed by ${who}${when} since you loaded it; it is now ${describeSetting(current)}. Nothing was written: look again and flip if you still mean to.`;
}
