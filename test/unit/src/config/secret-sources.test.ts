import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { readSecretSeeds } from '../../../../src/host/secret-sources';

function secretsFile(content: unknown, mode: number) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ops-secrets-')), 'secrets.json');
  writeFileSync(file, JSON.stringify(content));
  chmodSync(file, mode);
  return file;
}

describe('browser-mode secret sources', () => {
  it('take OPS_CONSOLE_SECRET_* variables as dotted names', () => {
    expect(readSecretSeeds({ OPS_CONSOLE_SECRET_GRAPHITE_PASSWORD: 'pw', HOME: '/root' })).toEqual({ 'graphite.password': 'pw' });
  });

  it('read a file only its owner can read', () => {
    expect(readSecretSeeds({}, secretsFile({ 'unleash.token': 't0k3n' }, 0o600))).toEqual({ 'unleash.token': 't0k3n' });
  });

  it('refuse a file others can read, and say how to fix it', () => {
    const file = secretsFile({ 'unleash.token': 't0k3n' }, 0o644);
    expect(() => readSecretSeeds({}, file)).toThrow(`chmod 600 ${file}`);
  });
});
