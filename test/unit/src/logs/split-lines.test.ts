import { describe, expect, it } from 'vitest';

import { splitLines } from '../../../../src/logs/split-lines';

const all = (bytes: Buffer) => splitLines(bytes, 0, bytes.length);

describe('splitting bytes from a log into lines', () => {
  it('splits on newlines and drops the carriage return of CRLF lines', () => {
    expect(all(Buffer.from('one\r\ntwo\n\nthree\n'))).toEqual(['one', 'two', '', 'three']);
    expect(all(Buffer.from('last without newline'))).toEqual(['last without newline']);
  });

  it('decodes UTF-8, and shows invalid bytes as replacement characters instead of failing', () => {
    const bytes = Buffer.concat([Buffer.from('café ålesund\n'), Buffer.from([0x62, 0xff, 0xfe, 0x61, 0x0a]), Buffer.from('plain\n')]);
    expect(all(bytes)).toEqual(['café ålesund', 'b\ufffd\ufffda', 'plain']);
  });

  it('reads only the range asked for', () => {
    const bytes = Buffer.from('skip\nkeep é\nafter');
    expect(splitLines(bytes, 5, 13)).toEqual(['keep é']);
  });
});
