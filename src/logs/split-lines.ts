const HIGH_BYTE = /[\x80-\xff]/;

/**
 * The lines in `bytes[start, end)`: split on `\n`, a trailing `\r` dropped, the last line kept
 * even without its `\n` (the caller decides where lines end). One latin1 decode for the whole
 * range is fast; only a line holding a byte ≥ 0x80 is decoded again as UTF-8, so non-ASCII text
 * is right and invalid UTF-8 shows as U+FFFD instead of failing (notes: logs-performance.md).
 */
export function splitLines(bytes: Buffer, start: number, end: number): string[] {
  if (end <= start) return [];
  const text = bytes.toString('latin1', start, end);
  const lines = text.split('\n');
  if (bytes[end - 1] === 0x0a) lines.pop();
  const reDecode = HIGH_BYTE.test(text);
  let at = start;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const length = line.length;
    if (reDecode && HIGH_BYTE.test(line)) line = bytes.toString('utf8', at, at + length);
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    lines[i] = line;
    at += length + 1;
  }
  return lines;
}
