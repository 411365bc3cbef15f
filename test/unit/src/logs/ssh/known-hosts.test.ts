import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createKnownHosts, fingerprintOf, keyTypeOf } from '../../../../../src/logs/ssh/known-hosts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-known-hosts-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh ed25519 key: its public line and blob. */
function newKey(name: string): { line: string; blob: Buffer; file: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  const line = readFileSync(`${file}.pub`, 'utf8').trim();
  return { line, blob: Buffer.from(line.split(' ')[1]!, 'base64'), file };
}

const web = { address: 'web-1.internal', port: 22 };
const odd = { address: '10.0.0.7', port: 2222 };

describe('known_hosts', () => {
  it('prints the fingerprint exactly as ssh-keygen -l does', () => {
    const key = newKey('fp');
    expect(fingerprintOf(key.blob)).toBe(execFileSync('ssh-keygen', ['-l', '-f', `${key.file}.pub`], { encoding: 'utf8' }).split(' ')[1]);
    expect(keyTypeOf(key.blob)).toBe('ssh-ed25519');
  });

  it('trusts a listed key, calls an unlisted host unknown and another key for a listed host changed', () => {
    const good = newKey('good');
    const evil = newKey('evil');
    const file = path.join(dir, 'plain');
    writeFileSync(file, `# comment\n\nweb-1.internal,web-1 ${good.line}\n[10.0.0.7]:2222 ${good.line}\n`);
    const hosts = createKnownHosts(path.join(dir, 'none'), [file]);
    expect(hosts.verify(web, good.blob)).toBe('trusted');
    expect(hosts.verify({ address: 'WEB-1.internal', port: 22 }, good.blob)).toBe('trusted');
    expect(hosts.verify(odd, good.blob)).toBe('trusted');
    expect(hosts.verify({ address: '10.0.0.7', port: 22 }, good.blob)).toBe('unknown'); // the port is part of the name
    expect(hosts.verify(web, evil.blob)).toBe('changed');
    expect(hosts.verify({ address: 'db-1', port: 22 }, evil.blob)).toBe('unknown');
  });

  it('reads hashed names (ssh-keygen -H), wildcards, negations and @revoked', () => {
    const good = newKey('hashed');
    const file = path.join(dir, 'hashed');
    writeFileSync(file, `web-1.internal ${good.line}\n[10.0.0.7]:2222 ${good.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    expect(readFileSync(file, 'utf8')).not.toContain('web-1');
    const hashed = createKnownHosts(path.join(dir, 'none'), [file]);
    expect(hashed.verify(web, good.blob)).toBe('trusted');
    expect(hashed.verify(odd, good.blob)).toBe('trusted');
    expect(hashed.verify({ address: 'web-2.internal', port: 22 }, good.blob)).toBe('unknown');

    const patterns = path.join(dir, 'patterns');
    writeFileSync(patterns, `*.internal,!db-?.internal ${good.line}\n@revoked * ${newKey('revoked').line}\n`);
    const byPattern = createKnownHosts(path.join(dir, 'none'), [patterns]);
    expect(byPattern.verify(web, good.blob)).toBe('trusted');
    expect(byPattern.verify({ address: 'db-1.internal', port: 22 }, good.blob)).toBe('unknown');
    const revoked = Buffer.from(readFileSync(path.join(dir, 'revoked.pub'), 'utf8').split(' ')[1]!, 'base64');
    expect(byPattern.verify({ address: 'anything', port: 22 }, revoked)).toBe('changed');
  });

  it('trust appends to the app file only, in a form OpenSSH reads back', () => {
    const key = newKey('trusted');
    const app = path.join(dir, 'state', 'known_hosts');
    const user = path.join(dir, 'user_known_hosts');
    writeFileSync(user, '');
    const hosts = createKnownHosts(app, [user]);
    expect(hosts.verify(odd, key.blob)).toBe('unknown');
    hosts.trust(odd, key.blob);
    expect(hosts.verify(odd, key.blob)).toBe('trusted');
    expect(readFileSync(user, 'utf8')).toBe('');
    // OpenSSH's own lookup finds it: ssh-keygen -F searches a known_hosts file by host name.
    expect(execFileSync('ssh-keygen', ['-F', '[10.0.0.7]:2222', '-f', app], { encoding: 'utf8' })).toContain(key.line.split(' ')[1]);
  });
});
