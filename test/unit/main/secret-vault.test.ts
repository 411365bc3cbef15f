import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';

import { createEncryptedSecretVault, secretFileFrom } from '../../../main/secret-vault';
import type { Keyring } from '../../../main/secret-vault';
import { maskKnownSecrets } from '../../../src/secret-mask';

// A stand-in for safeStorage: reversible, and visibly not the plain text.
function fakeKeyring(overrides: Partial<Keyring> = {}): Keyring {
  return {
    isEncryptionAvailable: () => true,
    backend: () => 'gnome_libsecret',
    encrypt: (plain) => Buffer.from(`enc:${[...plain].reverse().join('')}`).toString('base64'),
    decrypt: (base64) => [...Buffer.from(base64, 'base64').toString().replace(/^enc:/, '')].reverse().join(''),
    ...overrides,
  };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// The same engine electron-store uses, on a real file, with the options main/persistence.ts passes.
function secretsFile() {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ops-vault-'));
  dirs.push(cwd);
  const open = () => new Conf<Record<string, unknown>>({ cwd, configName: 'secrets', configFileMode: 0o600, accessPropertiesByDotNotation: false });
  return { path: path.join(cwd, 'secrets.json'), openFile: () => secretFileFrom(open()) };
}

function vault(keyring = fakeKeyring(), file = secretsFile()) {
  const secrets = createEncryptedSecretVault({ keyring, openFile: file.openFile, now: () => 1_700_000_000_000 });
  return { secrets, file };
}

const PASSWORD = 'hunter2-graphite-password';

describe('secret vault (OS keyring)', () => {
  it('never writes a secret in plain text, and only its owner can read the file', () => {
    const { secrets, file } = vault();
    expect(secrets.set('graphite.password', PASSWORD)).toEqual({ name: 'graphite.password', isSet: true, updatedAt: 1_700_000_000_000 });
    const onDisk = readFileSync(file.path, 'utf8');
    expect(onDisk).not.toContain(PASSWORD);
    expect(onDisk).toContain('"graphite.password"');
    if (process.platform !== 'win32') expect(statSync(file.path).mode & 0o777).toBe(0o600);
  });

  it('gives the value back to the core after a restart, and says where it is kept', () => {
    const file = secretsFile();
    vault(fakeKeyring(), file).secrets.set('graphite.password', PASSWORD);
    const { secrets } = vault(fakeKeyring(), file);
    expect(secrets.list()).toEqual([{ name: 'graphite.password', isSet: true, updatedAt: 1_700_000_000_000 }]);
    expect(secrets.reveal('graphite.password')).toBe(PASSWORD);
    expect(secrets.storage()).toEqual({ kind: 'encrypted', note: 'Encrypted with the OS keyring (gnome_libsecret).' });
  });

  it('masks every value it holds from the moment it opens, before any backend has used one', () => {
    // Written as an earlier session left it: this process has never seen the value.
    const file = secretsFile();
    const stored = 'stored-last-week-7f3a9c';
    file.openFile().set('unleash.token', { ciphertext: fakeKeyring().encrypt(stored), updatedAt: 1 });
    expect(maskKnownSecrets(`invalid token ${stored}`)).toContain(stored);
    vault(fakeKeyring(), file);
    expect(maskKnownSecrets(`invalid token ${stored}`)).toBe('invalid token [redacted]');
  });

  it('masks a value set from the moment it is set', () => {
    vault().secrets.set('unleash.token', 'token-value-set-now-1');
    expect(maskKnownSecrets('token token-value-set-now-1 refused')).toBe('token [redacted] refused');
  });

  it('clear removes it from the file', () => {
    const { secrets, file } = vault();
    secrets.set('graphite.password', PASSWORD);
    expect(secrets.clear('graphite.password')).toEqual({ name: 'graphite.password', isSet: false, updatedAt: null });
    expect(secrets.list()).toEqual([]);
    expect(secrets.reveal('graphite.password')).toBeUndefined();
    expect(readFileSync(file.path, 'utf8')).not.toContain('graphite.password');
  });

  it('refuses to keep a value the keyring would not encrypt', () => {
    const { secrets, file } = vault(fakeKeyring({ encrypt: () => { throw new Error('User canceled'); } }));
    expect(() => secrets.set('graphite.password', PASSWORD)).toThrow(expect.objectContaining({ code: 'secret_storage_unavailable' }));
    expect(secrets.list()).toEqual([]);
    expect(() => readFileSync(file.path, 'utf8')).toThrow();
  });

  it('answers "not available" for a value it can no longer decrypt, without failing the caller', () => {
    const file = secretsFile();
    vault(fakeKeyring(), file).secrets.set('graphite.password', PASSWORD);
    const { secrets } = vault(fakeKeyring({ decrypt: () => { throw new Error('key changed'); } }), file);
    expect(secrets.reveal('graphite.password')).toBeUndefined();
  });
});

describe('secret vault without a usable keyring', () => {
  for (const [why, keyring, note] of [
    ['Linux basic_text', fakeKeyring({ backend: () => 'basic_text' }), 'No OS keyring (basic_text): secrets set now are kept only until Ops Console quits.'],
    ['no encryption at all', fakeKeyring({ isEncryptionAvailable: () => false }), 'The OS keyring is not available: secrets set now are kept only until Ops Console quits.'],
  ] as const) {
    it(`keeps a secret for this session only and says so (${why})`, () => {
      const file = secretsFile();
      const { secrets } = vault(keyring, file);
      expect(secrets.storage()).toEqual({ kind: 'memory', note });
      const value = `${PASSWORD}-${why}`;
      secrets.set('graphite.password', value);
      expect(secrets.reveal('graphite.password')).toBe(value);
      expect(maskKnownSecrets(`refused ${value}`)).toBe('refused [redacted]');
      expect(() => readFileSync(file.path, 'utf8'), 'nothing written to disk').toThrow();
      // "Quit" and start again: it is gone.
      expect(vault(keyring, file).secrets.list()).toEqual([]);
    });
  }

  it('falls back to the session when the secrets file cannot be read, and says why', () => {
    const { secrets } = vault(fakeKeyring(), { path: '', openFile: () => { throw new SyntaxError('Unexpected token } in JSON'); } });
    expect(secrets.storage()).toMatchObject({ kind: 'memory', note: expect.stringContaining('Unexpected token') });
    secrets.set('graphite.password', PASSWORD);
    expect(secrets.reveal('graphite.password')).toBe(PASSWORD);
  });
});
