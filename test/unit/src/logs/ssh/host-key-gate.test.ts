// Host keys belong to a host and port, not to a log: several sources on one sshd wait for one
// decision, and the key is written to known_hosts once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { LogFollower } from '../../../../../src/backends/backend-set';
import type { LogSourceStatus } from '../../../../../src/contract/wire-types';
import { createHostKeyGates } from '../../../../../src/logs/ssh/host-key-gate';
import { createKnownHosts } from '../../../../../src/logs/ssh/known-hosts';
import { HostKeyError } from '../../../../../src/logs/ssh/ssh-connection';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-host-key-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newKey(name: string): Buffer {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  return Buffer.from(readFileSync(`${file}.pub`, 'utf8').split(' ')[1]!, 'base64');
}

function statusesOf() {
  const statuses: Omit<LogSourceStatus, 'id'>[] = [];
  const follower: LogFollower = { onLines: () => undefined, onGap: () => undefined, onStatus: (s) => statuses.push(s), onError: () => undefined };
  return { statuses, follower };
}

const web = { address: 'web-1.internal', port: 2222 };
const bastion = { address: 'bastion.internal', port: 22 };

describe('host keys per host and port', () => {
  it('three sources at one host:port: one Accept lets all three go on, and known_hosts gets the key once', async () => {
    const key = newKey('web');
    const file = path.join(dir, 'three', 'known_hosts');
    const knownHosts = createKnownHosts(file, []);
    const gates = createHostKeyGates(knownHosts, Date.now);
    const refused = new HostKeyError('host-key-unknown', web, key);
    const sources = [statusesOf(), statusesOf(), statusesOf()];
    let released = 0;
    const waits = sources.map(({ follower }) => gates.waitForTrust(refused, follower, new AbortController().signal).then(() => released++));
    expect(sources.map((s) => s.statuses.at(-1)?.hostKeyFingerprint)).toEqual(Array(3).fill(refused.fingerprint));

    await gates.trust(refused.fingerprint, [web]);
    await Promise.all(waits);
    expect(released).toBe(3);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toEqual([`[web-1.internal]:2222 ssh-ed25519 ${key.toString('base64')}`]);
    // Nobody waits any more: a second Accept has nothing to trust, and writes nothing.
    await expect(gates.trust(refused.fingerprint, [web])).rejects.toThrow(/No host key is waiting/);
    knownHosts.trust(web, key);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it("a source's Accept reaches its jump host's key, and only the fingerprint shown", async () => {
    const file = path.join(dir, 'jump', 'known_hosts');
    const gates = createHostKeyGates(createKnownHosts(file, []), Date.now);
    const refused = new HostKeyError('host-key-unknown', bastion, newKey('bastion'));
    const wait = gates.waitForTrust(refused, statusesOf().follower, new AbortController().signal);
    await expect(gates.trust('SHA256:notthatone', [web, bastion])).rejects.toThrow(/not the fingerprint the host offered/);
    expect(existsSync(file)).toBe(false);
    await gates.trust(refused.fingerprint, [web, bastion]);
    await wait;
    expect(readFileSync(file, 'utf8')).toMatch(/^bastion\.internal ssh-ed25519 /);
  });

  it('a changed key is refused for every source there, and cannot be accepted', async () => {
    const gates = createHostKeyGates(createKnownHosts(path.join(dir, 'changed', 'known_hosts'), []), Date.now, 10);
    const refused = new HostKeyError('host-key-changed', web, newKey('changed'));
    const waits = [statusesOf(), statusesOf()].map(({ follower }) => gates.waitForTrust(refused, follower, new AbortController().signal));
    await expect(gates.trust(refused.fingerprint, [web])).rejects.toThrow(/changed key cannot be trusted/);
    await Promise.all(waits); // looked at again by themselves (after 10 ms here)
  });
});
