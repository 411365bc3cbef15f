// The SSH log source is read-only by construction: every command it can send is made by
// tailCommand, and this proves what those commands can be.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { tailCommand, UnsafeLogNameError } from '../../../../../src/logs/ssh/tail-command';
import type { TailRequest } from '../../../../../src/logs/ssh/tail-command';

// Written here, independently of the source's own regex: what the wrapper on the host accepts.
const STRICT = /^(list|tail -c \+[1-9][0-9]{0,15} -F [A-Za-z0-9][A-Za-z0-9_-]{0,63}|tail -c \+[1-9][0-9]{0,15} [A-Za-z0-9][A-Za-z0-9_-]{0,63}\.1)$/;
const SSH_DIR = path.resolve(import.meta.dirname, '../../../../../src/logs/ssh');
// The journal over SSH lives apart from the file tail, and is held to the same promise.
const JOURNAL_DIR = path.resolve(import.meta.dirname, '../../../../../src/logs/journal');

describe('tailCommand', () => {
  it('every command it can produce matches one strict pattern', () => {
    const names = ['a', 'app', 'nginx-access', 'app_2', 'Z9', 'a'.repeat(64), `x${'-_'.repeat(31)}x`];
    const offsets = [1, 2, 65, 1_000_000, 10 ** 15, Number.MAX_SAFE_INTEGER];
    const produced = new Set<string>([tailCommand({ kind: 'list' })]);
    for (const name of names) for (const from of offsets) for (const kind of ['follow', 'rotated-rest'] as const) produced.add(tailCommand({ kind, name, from }));
    expect(produced.size).toBe(1 + names.length * offsets.length * 2);
    for (const command of produced) expect(command).toMatch(STRICT);
    expect(tailCommand({ kind: 'follow', name: 'app', from: 1 })).toBe('tail -c +1 -F app');
    expect(tailCommand({ kind: 'rotated-rest', name: 'app', from: 937 })).toBe('tail -c +937 app.1');
  });

  it('refuses injection attempts and odd positions before anything could be sent', () => {
    const hostile = ['; rm -rf /', 'app; rm x', 'app && id', '$(id)', '${IFS}', 'app`id`', '../../etc/shadow', '..', '/etc/shadow', 'app\nid', 'app\0', 'app.log', 'app.1', '-F', ' app', 'app ', "a'b", 'a"b', 'a|b', 'a>b', 'a*', '', 'a'.repeat(65), 'a'.repeat(100_000), 'ａpp'];
    for (const name of hostile) {
      for (const kind of ['follow', 'rotated-rest'] as const) expect(() => tailCommand({ kind, name, from: 1 }), JSON.stringify(name)).toThrow(UnsafeLogNameError);
    }
    for (const from of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) expect(() => tailCommand({ kind: 'follow', name: 'app', from })).toThrow(UnsafeLogNameError);
    // Something that is not even a string or a number, as a bug elsewhere might pass.
    expect(() => tailCommand({ kind: 'follow', name: { toString: () => 'app' }, from: 1 } as unknown as TailRequest)).toThrow(UnsafeLogNameError);
    expect(() => tailCommand({ kind: 'follow', name: 'app', from: '1; id' } as unknown as TailRequest)).toThrow(UnsafeLogNameError);
  });

  it('random strings either become an allowed command or are refused: nothing in between', () => {
    const alphabet = 'aZ09_-.;/$`()\'" \n|&<>*?!~#%{}[]\\';
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      const name = Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      try {
        expect(tailCommand({ kind: 'follow', name, from: 1 + Math.floor(random() * 1e9) })).toMatch(STRICT);
      } catch (error) {
        expect(error).toBeInstanceOf(UnsafeLogNameError);
      }
    }
  });

  it('the SSH code has one exec (of tailCommand output) and no shell, sftp, write or spawn', () => {
    const code = [SSH_DIR, JOURNAL_DIR].flatMap((dir) => readdirSync(dir).map((file) => readFileSync(path.join(dir, file), 'utf8'))).join('\n');
    expect(code.match(/\.exec\(/g)).toHaveLength(1);
    expect(code).toMatch(/const command = tailCommand\(request\);\s+return new Promise\(\(resolve, reject\) => this\.client\.exec\(command,/);
    for (const banned of ['.shell(', '.sftp(', '.subsys(', 'forwardIn(', 'openssh_forwardInStreamLocal', 'child_process', 'spawn(', 'execFile', '.write(', '.end(Buffer', 'stdin']) {
      expect(code.includes(banned), banned).toBe(false);
    }
  });
});
