import type { LogFollower } from '../backends/backend-set';
import type { LogSourceStatus } from '../contract/wire-types';

export interface FollowStatus {
  /** A read succeeded: live (since now, if it was not already). */
  live(): void;
  /** A read failed: reconnecting since the first failure, with what went wrong. */
  failed(message: string): void;
  /** Since when the source has been unreachable, or null while it is live. */
  readonly downSince: number | null;
}

/** Tells the follower only of changes: a connection's state, and since when it has been so. */
export function followStatus(follower: LogFollower, now: () => number): FollowStatus {
  let state: LogSourceStatus['state'] = 'connecting';
  let since = now();
  let message: string | null = null;
  let downSince: number | null = null;
  const report = () => follower.onStatus({ state, since, message, hostKeyFingerprint: null });
  report();
  return {
    live() {
      downSince = null;
      if (state === 'live') return;
      state = 'live';
      since = now();
      message = null;
      report();
    },
    failed(text) {
      if (state !== 'reconnecting') {
        state = 'reconnecting';
        since = now();
        downSince = since;
      }
      downSince ??= since;
      if (text === message) return;
      message = text;
      report();
    },
    get downSince() {
      return downSince;
    },
  };
}
