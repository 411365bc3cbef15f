import { setTimeout as sleep } from 'node:timers/promises';

import type { LogFollower } from '../../backends/backend-set';
import { describeError } from '../../errors';
import type { HostKeyGate } from './host-key-gate';
import { HostKeyError } from './ssh-session';
import type { LogHostSession } from './ssh-session';

/** Logging in to a log host with its key checked against known_hosts, and how to come back after a drop. */
export interface SshHostAccess {
  open: () => Promise<LogHostSession>;
  hostKeys: HostKeyGate;
  firstRetryMs: number;
  maxRetryMs: number;
  now: () => number;
}

export interface SshFollowLoopOptions extends SshHostAccess {
  /** Where the next connection picks up, for the status line: "from byte 1234". */
  resumesFrom: () => string;
}

/** One connection's work, handed to the loop's `attempt`. */
export interface SshAttempt {
  session: LogHostSession;
  /** The log is being read: says so (the status, once a connection), and ends the time it was down. */
  live: () => void;
  /** Since when the log has not been read (the start of the outage), or null while it is read. */
  readonly downSince: number | null;
}

/**
 * Keeps one log followed over SSH: logs in, runs `attempt` until the connection or its command
 * ends, and comes back with backoff (0.5 s doubling to 30 s, quick again after a connection that
 * worked), holding at an unknown host key until the person trusts it. The attempt resumes from
 * its own position; the loop only says where in the status line. Returns the function that stops it.
 */
export function followOverSsh(options: SshFollowLoopOptions, follower: LogFollower, attempt: (current: SshAttempt) => Promise<void>): () => void {
  const { now } = options;
  const controller = new AbortController();
  let session: LogHostSession | null = null;
  let downSince: number | null = null;

  const status = (state: 'connecting' | 'live' | 'reconnecting' | 'stopped', since: number, message: string | null = null) =>
    follower.onStatus({ state, since, message, hostKeyFingerprint: null });

  const run = async () => {
    let failures = 0;
    status('connecting', now());
    while (!controller.signal.aborted) {
      let reason = 'the connection closed';
      try {
        session = await options.open();
        if (controller.signal.aborted) break; // stopped while logging in: `finally` closes it
        session.onClose((why) => (reason = why));
        let live = false;
        await attempt({
          session,
          live: () => {
            if (live) return;
            live = true;
            downSince = null;
            status('live', now());
          },
          get downSince() {
            return downSince;
          },
        });
        // It was connected and following until the drop: the first retry comes quickly again.
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) break;
        if (error instanceof HostKeyError) {
          await options.hostKeys.waitForTrust(error, follower, controller.signal);
          continue;
        }
        reason = describeError(error);
        follower.onError(error instanceof Error ? error : new Error(reason));
      } finally {
        session?.close();
        session = null;
      }
      if (controller.signal.aborted) break;
      failures++;
      const delay = Math.min(options.maxRetryMs, options.firstRetryMs * 2 ** (failures - 1));
      downSince ??= now();
      status('reconnecting', downSince, `${reason}. Reconnecting in ${(delay / 1000).toFixed(1)} s, ${options.resumesFrom()}.`);
      await sleep(delay, undefined, { signal: controller.signal }).catch(() => undefined);
    }
    status('stopped', now());
  };
  void run();
  return () => {
    controller.abort();
    session?.close();
  };
}
