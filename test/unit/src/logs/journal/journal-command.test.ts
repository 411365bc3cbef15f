// The journal over SSH is read-only by construction: every command it can send is made by
// journalCommand (through tailCommand), and this proves what those commands can be.
import { describe, expect, it } from 'vitest';

import { journalCommand, MAX_JOURNAL_COMMAND, UnsafeJournalRequestError } from '../../../../../src/logs/journal/journal-command';
import type { JournalRequest } from '../../../../../src/logs/journal/journal-command';
import { tailCommand } from '../../../../../src/logs/ssh/tail-command';

// Written here, independently of the module's own regex: what the wrapper on the host accepts.
const NAME = '[A-Za-z0-9][A-Za-z0-9_.@:-]{0,99}';
const HEX = (n: string) => `[0-9a-f]{${n}}`;
const CURSOR = `s=${HEX('32')};i=${HEX('1,16')};b=${HEX('32')};m=${HEX('1,16')};t=${HEX('1,16')};x=${HEX('1,16')}`;
const STRICT = new RegExp(`^journalctl( -f)? -o json (-n [0-9]{1,6}|--cursor=${CURSOR})( -[ut] ${NAME}){0,8}$`);

/** A cursor as journalctl 252 printed one here. */
const CURSOR_SEEN = 's=2632e14e708143a3ab5a86bfa4a93971;i=13;b=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;m=121eac0;t=661fb49ab992f;x=4c939af92ee6cc33';
const LONGEST_CURSOR = `s=${'f'.repeat(32)};i=${'f'.repeat(16)};b=${'f'.repeat(32)};m=${'f'.repeat(16)};t=${'f'.repeat(16)};x=${'f'.repeat(16)}`;

const request = (start: JournalRequest['start'], units: string[] = [], identifiers: string[] = [], follow = true): JournalRequest => ({
  kind: 'journal',
  follow,
  start,
  match: { units, identifiers },
});

describe('journalCommand', () => {
  it('makes the forms the wrapper accepts, and the one builder makes them too', () => {
    expect(tailCommand(request({ lines: 1000 }, ['checkout.service']))).toBe('journalctl -f -o json -n 1000 -u checkout.service');
    expect(journalCommand(request({ cursor: CURSOR_SEEN }, [], ['sshd', 'CRON']))).toBe(`journalctl -f -o json --cursor=${CURSOR_SEEN} -t sshd -t CRON`);
    expect(journalCommand(request({ lines: 1 }, ['getty@tty1.service'], [], false))).toBe('journalctl -o json -n 1 -u getty@tty1.service');
  });

  it('every command it can produce matches one strict pattern, and the longest fits the wrapper’s limit', () => {
    const names = ['a', 'checkout.service', 'getty@tty1.service', 'sys-fs:x.mount', 'A9_-.@:', 'a'.repeat(100)];
    const starts: JournalRequest['start'][] = [{ lines: 0 }, { lines: 1 }, { lines: 100_000 }, { cursor: CURSOR_SEEN }, { cursor: LONGEST_CURSOR }];
    let longest = 0;
    for (const start of starts) {
      for (let count = 0; count <= 8; count++) {
        for (const name of names) {
          for (const follow of [true, false]) {
            const units = Array.from({ length: count }, () => name);
            for (const command of [journalCommand(request(start, units, [], follow)), journalCommand(request(start, [], units, follow))]) {
              expect(command).toMatch(STRICT);
              longest = Math.max(longest, command.length);
            }
          }
        }
      }
    }
    expect(longest).toBeLessThanOrEqual(MAX_JOURNAL_COMMAND);
    expect(longest).toBeGreaterThan(900); // 8 names of 100: the limit is used, not just set
  });

  it('refuses injection attempts, odd cursors and odd counts before anything could be sent', () => {
    const hostile = ['; rm -rf /', 'a;id', 'a b', '$(id)', 'a`id`', '../etc', '/etc/shadow', '-f', '--directory=/', 'a\nb', 'a\0', 'a*', 'a?', 'a[1]', '', ' a', 'a'.repeat(101), 'ａ', 'a|b', "a'b"];
    for (const name of hostile) {
      expect(() => journalCommand(request({ lines: 1 }, [name])), JSON.stringify(name)).toThrow(UnsafeJournalRequestError);
      expect(() => journalCommand(request({ lines: 1 }, [], [name])), JSON.stringify(name)).toThrow(UnsafeJournalRequestError);
    }
    const cursors = ['', 'abc', `${CURSOR_SEEN};rm`, `${CURSOR_SEEN} -u x`, CURSOR_SEEN.toUpperCase(), CURSOR_SEEN.replace('i=13', 'i=13;i=1'), `x${CURSOR_SEEN}`, CURSOR_SEEN.replace(';b=', '\nb=')];
    for (const cursor of cursors) expect(() => journalCommand(request({ cursor })), JSON.stringify(cursor)).toThrow(UnsafeJournalRequestError);
    for (const lines of [-1, 1.5, Number.NaN, 100_001, 2 ** 60]) expect(() => journalCommand(request({ lines }))).toThrow(UnsafeJournalRequestError);
    expect(() => journalCommand(request({ lines: 1 }, Array.from({ length: 9 }, (_, i) => `u${i}`)))).toThrow(/at most 8/);
    expect(() => journalCommand(request({ lines: 1 }, ['a', 'b', 'c', 'd', 'e'], ['f', 'g', 'h', 'i']))).toThrow(/at most 8/);
    // What a bug elsewhere might pass.
    expect(() => journalCommand(request({ cursor: { toString: () => CURSOR_SEEN } } as unknown as JournalRequest['start']))).toThrow(UnsafeJournalRequestError);
    expect(() => journalCommand(request({ lines: '1; id' } as unknown as JournalRequest['start']))).toThrow(UnsafeJournalRequestError);
  });

  it('random names either become an allowed command or are refused: nothing in between', () => {
    const alphabet = 'aZ09_-.@:;/$`()\'" \n|&<>*?!~#%{}[]\\=';
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      const name = Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      try {
        expect(journalCommand(request({ lines: Math.floor(random() * 1000) }, random() < 0.5 ? [name] : [], random() < 0.5 ? [] : [name]))).toMatch(STRICT);
      } catch (error) {
        expect(error).toBeInstanceOf(UnsafeJournalRequestError);
      }
    }
  });
});
