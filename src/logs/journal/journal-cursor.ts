// A systemd journal cursor, as journalctl (`__CURSOR`) and systemd-journal-gatewayd print it:
// `s=<seqnum id>;i=<seqnum>;b=<boot id>;m=<monotonic µs>;t=<realtime µs>;x=<xor hash>`, all hex.
// The app resumes a journal only from a cursor it read, and the wrapper on the host checks the
// same grammar again: a cursor can never carry anything else into a command.

export const JOURNAL_CURSOR = /^s=[0-9a-f]{32};i=[0-9a-f]{1,16};b=[0-9a-f]{32};m=[0-9a-f]{1,16};t=[0-9a-f]{1,16};x=[0-9a-f]{1,16}$/;

export function isJournalCursor(value: unknown): value is string {
  return typeof value === 'string' && JOURNAL_CURSOR.test(value);
}

/** The journal's wall-clock time of the entry, in epoch ms. */
export function cursorTime(cursor: string): number {
  const t = cursor.match(/;t=([0-9a-f]+);/)?.[1];
  return t === undefined ? Number.NaN : Math.floor(Number.parseInt(t, 16) / 1000);
}

/**
 * Whether `entry` is at or before `resume` in the same sequence of one journal file (`s=` equal,
 * `i=` not greater): an entry read already. Entries of another sequence cannot be compared.
 */
export function notAfter(entry: string, resume: string): boolean {
  const a = sequence(entry);
  const b = sequence(resume);
  return a !== null && b !== null && a.id === b.id && a.seqnum <= b.seqnum;
}

function sequence(cursor: string): { id: string; seqnum: bigint } | null {
  const match = cursor.match(/^s=([0-9a-f]{32});i=([0-9a-f]{1,16});/);
  return match ? { id: match[1]!, seqnum: BigInt(`0x${match[2]!}`) } : null;
}
