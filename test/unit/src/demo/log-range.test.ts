import { describe, expect, it } from 'vitest';

import { answerRange } from '../../../../src/demo/log-range';

describe('Range answers of the demo log host, as nginx gives them', () => {
  it('gives the bytes that exist for open, closed and suffix ranges', () => {
    expect(answerRange('bytes=10-', 100)).toEqual({ kind: 'partial', start: 10, end: 99 });
    expect(answerRange('bytes=10-19', 100)).toEqual({ kind: 'partial', start: 10, end: 19 });
    expect(answerRange('bytes=90-500', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(answerRange('bytes=-30', 100)).toEqual({ kind: 'partial', start: 70, end: 99 });
    expect(answerRange('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
  });

  it('cannot satisfy a start at or past the end, so a quiet log answers 416', () => {
    expect(answerRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(answerRange('bytes=999-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(answerRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(answerRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(answerRange('bytes=20-10', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(answerRange('bytes=abc', 100)).toEqual({ kind: 'unsatisfiable' });
  });

  it('sends the whole file without a Range, for another unit, or for several ranges', () => {
    expect(answerRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(answerRange('lines=1-2', 100)).toEqual({ kind: 'full' });
    expect(answerRange('bytes=0-9,20-29', 100)).toEqual({ kind: 'full' });
  });
});
