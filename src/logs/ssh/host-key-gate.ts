import type { LogFollower } from '../../backends/backend-set';
import { ConflictError, ForbiddenError } from '../../errors';
import { knownHostsName } from './known-hosts';
import type { HostAddress, KnownHosts } from './known-hosts';
import type { HostKeyError } from './ssh-connection';

export interface HostKeyGates {
  /** Reports the key (with its fingerprint) and resolves once the user trusts it, or when stopped. */
  waitForTrust(refused: HostKeyError, follower: LogFollower, signal: AbortSignal): Promise<void>;
  /**
   * The user compared `fingerprint` and accepts it for the one of `hosts` (a source's log host
   * and its jump host) that offered it: recorded once in the app's known_hosts, and every source
   * waiting at that host and port goes on.
   */
  trust(fingerprint: string, hosts: readonly HostAddress[]): Promise<void>;
}

/** One host:port whose key stopped its connections: the key it offered, and who waits for a decision. */
interface Gate {
  refused: HostKeyError;
  waiters: Set<() => void>;
}

/**
 * Holds connections at an unknown host key until the person accepts exactly the fingerprint they
 * were shown. A key belongs to a host and port, not to a log: one Accept lets every source there
 * go on. A changed key is never accepted here: that is a decision to take on the host, by
 * removing the old line from known_hosts (checked again every 30 s).
 */
export function createHostKeyGates(knownHosts: KnownHosts, now: () => number, recheckChangedMs = 30_000): HostKeyGates {
  const gates = new Map<string, Gate>();
  const gateOf = (host: HostAddress) => gates.get(knownHostsName(host));

  return {
    async waitForTrust(refused, follower, signal) {
      follower.onStatus({ state: refused.state, since: now(), message: refused.message, hostKeyFingerprint: refused.fingerprint });
      const name = knownHostsName(refused.host);
      const gate = gates.get(name) ?? { refused, waiters: new Set() };
      gate.refused = refused; // the key offered last is the one the person is shown
      gates.set(name, gate);
      await new Promise<void>((resolve) => {
        let recheck: NodeJS.Timeout | undefined;
        const release = () => {
          gate.waiters.delete(release);
          signal.removeEventListener('abort', release);
          clearTimeout(recheck);
          resolve();
        };
        signal.addEventListener('abort', release);
        gate.waiters.add(release);
        // A changed key is never released from the app: it is looked at again now and then, so
        // the source comes back by itself once the operator has fixed known_hosts.
        if (refused.state === 'host-key-changed') recheck = setTimeout(release, recheckChangedMs).unref();
      });
      if (gate.waiters.size === 0 && gates.get(name) === gate) gates.delete(name);
    },
    async trust(fingerprint, hosts) {
      const gate = hosts.map(gateOf).find((g) => g !== undefined);
      if (!gate) throw new ConflictError('No host key is waiting to be trusted for this log source.');
      const { refused } = gate;
      if (refused.state === 'host-key-changed') {
        throw new ForbiddenError(`Refused: the host key of ${refused.host.address} changed (${refused.fingerprint}); a changed key cannot be trusted from the app.`);
      }
      if (fingerprint !== refused.fingerprint) {
        throw new ConflictError(`That is not the fingerprint the host offered (${refused.fingerprint}); nothing was trusted.`);
      }
      knownHosts.trust(refused.host, refused.key);
      gates.delete(knownHostsName(refused.host));
      for (const release of [...gate.waiters]) release();
    },
  };
}
