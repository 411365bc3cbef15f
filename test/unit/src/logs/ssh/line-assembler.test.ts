import { describe, expect, it } from 'vitest';

import { freshPosition, LineAssembler, OVERLAP, OverlapCheck, resumeFrom } from '../../../../../src/logs/ssh/line-assembler';

function assembler(offset = 0) {
  const chunks: string[] = [];
  const position = freshPosition(offset);
  return { chunks, position, lines: new LineAssembler(position, (chunk) => chunks.push(chunk.toString())) };
}

describe('LineAssembler', () => {
  it('hands on whole lines only and counts only their bytes', () => {
    const { chunks, position, lines } = assembler(100);
    lines.push(Buffer.from('one\ntw'));
    lines.push(Buffer.from('o\nthr'));
    lines.push(Buffer.from('ee'));
    expect(chunks.join('')).toBe('one\ntwo\n');
    expect(position.offset).toBe(108);
    lines.push(Buffer.from('\n'));
    expect(chunks.join('')).toBe('one\ntwo\nthree\n');
    expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
    expect(position.offset).toBe(114);
    expect(position.tail.toString()).toBe('one\ntwo\nthree\n');
  });

  it('copies only the line that was waiting; the rest of a chunk goes on without a copy', () => {
    const { chunks, position, lines } = assembler();
    lines.push(Buffer.from('a\nb'));
    const data = Buffer.from('c\nd\ne\nf');
    lines.push(data);
    expect(chunks).toEqual(['a\n', 'bc\n', 'd\ne\n']);
    expect(position.offset).toBe(9);
  });

  it('drops a partial line on a disconnect, so the resume reads it whole', () => {
    const { chunks, position, lines } = assembler();
    lines.push(Buffer.from('a\nhalf'));
    lines.drop();
    lines.push(Buffer.from('b\n'));
    expect(chunks).toEqual(['a\n', 'b\n']);
    expect(position.offset).toBe(4);
  });

  it('finishes a rotated file with its unterminated last line, counting only the file bytes', () => {
    const { chunks, position, lines } = assembler();
    lines.push(Buffer.from('a\nlast'));
    lines.finish();
    expect(chunks).toEqual(['a\n', 'last\n']);
    expect(position.offset).toBe(6);
    expect(position.tail.toString()).toBe('a\nlast');
  });

  it('keeps the last OVERLAP bytes as the tail', () => {
    const { position, lines } = assembler();
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('');
    lines.push(Buffer.from(text));
    expect(position.tail.toString()).toBe(text.slice(-OVERLAP));
  });
});

describe('OverlapCheck', () => {
  it('passes nothing on until the overlap came back the same, then everything after it', () => {
    const check = new OverlapCheck(Buffer.from('abcdef'));
    expect(check.take(Buffer.from('abc')).length).toBe(0);
    expect(check.proven).toBe(false);
    expect(check.take(Buffer.from('defNEW')).toString()).toBe('NEW');
    expect(check.proven).toBe(true);
    expect(check.take(Buffer.from('more')).toString()).toBe('more');
  });

  it('refutes another file and passes nothing of it', () => {
    const check = new OverlapCheck(Buffer.from('abcdef'));
    expect(check.take(Buffer.from('abcxyzNEW')).length).toBe(0);
    expect(check.refuted).toBe(true);
    expect(check.take(Buffer.from('more')).length).toBe(0);
  });

  it('resumes OVERLAP bytes early, from a byte tail counts from 1', () => {
    expect(resumeFrom({ offset: 1000, tail: Buffer.alloc(OVERLAP) })).toBe(1000 - OVERLAP + 1);
    expect(resumeFrom(freshPosition())).toBe(1);
  });
});
