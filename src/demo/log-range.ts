/** How a file of `size` bytes answers a Range header. */
export type RangeAnswer = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * nginx 1.22's answers, as measured in the spike (notes: browser-and-log-backends.md, section C):
 * `bytes=a-`, `bytes=a-b` and `bytes=-n` give the bytes that exist; a start at or past the end is
 * unsatisfiable (so "nothing new" is a 416, not an empty 206), and so is a range nginx cannot
 * parse. One deviation: several ranges (`bytes=0-9,20-29`) get the whole file, which HTTP allows,
 * instead of nginx's multipart/byteranges body that a log tail never asks for.
 */
export function answerRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'full' };
  const spec = /^bytes=(.*)$/i.exec(header.trim())?.[1];
  if (spec === undefined) return { kind: 'full' };
  if (spec.includes(',')) return { kind: 'full' };
  const match = /^\s*(\d*)-(\d*)\s*$/.exec(spec);
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'unsatisfiable' };
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start <= end && start < size ? { kind: 'partial', start, end } : { kind: 'unsatisfiable' };
}
