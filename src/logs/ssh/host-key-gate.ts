import type { LogFollower } from '../../backends/backend-set';
import { ConflictError, ForbiddenError } from '../../errors';
import type { KnownHosts } from './known-hosts';
import type { HostKeyError } from './ssh-session';

export interface HostKeyGate {
  /** Reports the key (with its fingerprint) and resolves once the user trusts it, or when stopped. */
  waitForTrust(refused: HostKeyError, follower: LogFollower, signal: AbortSignal): Promise<void>;
  /** The user compared `fingerprint` and accepts it: recorded in the app's known_hosts. */
  trust(fingerprint: string): Promise<void>;
}

/**
 * Holds a source's connection at an unknown host key until the person accepts exactly the
 * fingerprint they were shown. A changed key is never accepted here: that is a decision to
 * take on the host, by removing the old line from known_hosts (checked again every 30 s).
 */
export function createHostKeyGate(knownHosts: KnownHosts, now: () => number, recheckChangedMs = 30_000): HostKeyGate {
  let waiting: { refused: HostKeyError; release: () => void } | null = null;
  return {
    async waitForTrust(refused, follower, signal) {
      follower.onStatus({ state: refused.state, since: now(), message: refused.message, hostKeyFingerprint: refused.fingerprint });
      await new Promise<void>((resolve) => {
        const release = () => {
          waiting = null;
          signal.removeEventListener('abort', release);
          resolve();
        };
        signal.addEventListener('abort', release);
        if (refused.state === 'host-key-unknown') {
          waiting = { refused, release };
          return;
        }
        // A changed key is never released from the app: it is looked at again now and then, so
        // the source comes back by itself once the operator has fixed known_hosts.
        waiting = { refused, release: () => undefined };
        setTimeout(release, recheckChangedMs).unref();
      });
    },
    async trust(fingerprint) {
      if (!waiting) throw new ConflictError('No host key is waiting to be trusted for this log source.');
      const { refused, release } = waiting;
      if (refused.state === 'host-key-changed') {
        throw new ForbiddenError(`Refused: the host key of ${refused.host.address} changed (${refused.fingerprint}); a changed key cannot be trusted from the app.`);
      }
      if (fingerprint !== refused.fingerprint) {
        throw new ConflictError(`That is not the fingerprint the host offered (${refused.fingerprint}); nothing was trusted.`);
      }
      knownHosts.trust(refused.host, refused.key);
      release();
    },
  };
}
