import { setTimeout as sleep } from 'node:timers/promises';

import type { LogFollower } from '../../backends/backend-set';
import { BackendUnavailableError, describeError } from '../../errors';
import type { HostKeyGates } from './host-key-gate';
import { jittered } from './log-host';
import type { LogHostLease, LogHostLink } from './log-host';
import { HostKeyError } from './ssh-connection';

/** A log host as every SSH log read there reaches it: its shared connections, its host-key gate, and how to come back after a failure. */
export interface SshHostAccess {
  /** The host's connections, shared with every other log read there (`LogHostPool`). */
  host: LogHostLink;
  hostKeys: HostKeyGates;
  firstRetryMs: number;
  maxRetryMs: number;
  now: () => number;
  random: () => number;
}

export interface SshFollowLoopOptions extends SshHostAccess {
  /** Where the next channel picks up, for the status line: "from byte 1234". */
  resumesFrom: () => string;
}

/** One lease's work, handed to the loop's `attempt`. */
export interface SshAttempt {
  /** This log's hold on the host: its channels, which close when the attempt ends. */
  lease: LogHostLease;
  /** The log is being read: says so (once while it stays read), and ends the time it was down. */
  live: () => void;
  /**
   * The log is not there to be read, said as the HTTP source says a 404: a status that says so
   * and an error. The attempt goes on (a follow that waits for it), and `live` when it is read.
   */
  absent: (message: string) => void;
  /** Since when the log has not been read (the start of the outage), or null while it is read. */
  readonly downSince: number | null;
}

/**
 * Keeps one log followed over SSH: takes a lease on its host's shared connection, runs `attempt`
 * until its channel or the connection ends, and comes back. A failure of the log's own waits a
 * growing, jittered delay (0.5 s doubling to 30 s, quick again after a channel that worked); a
 * lost connection is paced by the host, so all its logs (tails and journal) come back on one login.
 * It holds at an unknown host key until the person trusts it. The attempt resumes from its own
 * position; the loop only says where in the status line. Returns the function that stops it.
 */
export function followOverSsh(options: SshFollowLoopOptions, follower: LogFollower, attempt: (current: SshAttempt) => Promise<void>): () => void {
  const { now, random } = options;
  const controller = new AbortController();
  let lease: LogHostLease | null = null;
  let downSince: number | null = null;
  let live = false;

  const status = (state: 'connecting' | 'live' | 'reconnecting' | 'stopped', since: number, message: string | null = null) => {
    live = state === 'live';
    follower.onStatus({ state, since, message, hostKeyFingerprint: null });
  };
  const attemptOn = (open: LogHostLease): SshAttempt => ({
    lease: open,
    live: () => {
      if (live) return;
      downSince = null;
      status('live', now());
    },
    absent: (message) => {
      downSince ??= now();
      status('reconnecting', downSince, message);
      follower.onError(new BackendUnavailableError(message));
    },
    get downSince() {
      return downSince;
    },
  });

  const run = async () => {
    let failures = 0;
    status('connecting', now());
    while (!controller.signal.aborted) {
      let reason = 'the connection closed';
      /** The connection under this log was lost: the host paces its return, for all its logs at once. */
      let lost = false;
      /** The host's pause as it was when the loss was heard: what the status line says, however long it takes to be written. */
      let hostPause = 0;
      try {
        lease = await options.host.lease(controller.signal);
        lease.onClose((why) => {
          reason = why;
          lost = true;
          hostPause = options.host.retryInMs();
        });
        await attempt(attemptOn(lease));
        // It was connected and reading until the drop: the first retry comes quickly again.
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
        lease?.close();
        lease = null;
      }
      if (controller.signal.aborted) break;
      if (!lost) failures++;
      const own = lost ? 0 : jittered(Math.min(options.maxRetryMs, options.firstRetryMs * 2 ** (failures - 1)), random);
      downSince ??= now();
      const pause = Math.max(own, lost ? hostPause : options.host.retryInMs());
      // Rounded up: a pause under 50 ms is still a pause, not "0.0 s".
      status('reconnecting', downSince, `${reason}. Reconnecting in ${(Math.ceil(pause / 100) / 10).toFixed(1)} s, ${options.resumesFrom()}.`);
      if (own > 0) await sleep(own, undefined, { signal: controller.signal }).catch(() => undefined);
    }
    status('stopped', now());
  };
  void run();
  return () => {
    controller.abort();
    lease?.close();
  };
}
