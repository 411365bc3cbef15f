import type { JournalEntry } from './journal-entry';

// A journal entry as the lines the log pipeline reads: the journal's time (to the microsecond)
// and its priority's name first, so the time and level the viewer shows are the journal's own and
// never a word in the message; then what wrote it, as journalctl shows it; then the message.
// A message of several lines gives several lines: the pipeline keeps the ones after the first with
// the entry (no time of their own, so the entry's time and level).

/** journalctl's names for PRIORITY 0-7; the pipeline reads each as a level (err → error, notice → info). */
const PRIORITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

const NEWLINE = 0x0a;

/**
 * `2026-11-23T14:03:10.123456Z err checkout.service[812]: payment failed\n`, and a line more for
 * each further line of the message.
 */
export function entryLines(entry: JournalEntry): Buffer {
  const level = entry.priority === null ? '' : ` ${PRIORITY_NAMES[entry.priority]}`;
  const source = entry.source === null ? 'journal' : entry.source;
  const pid = entry.pid === null ? '' : `[${entry.pid}]`;
  const head = Buffer.from(`${isoMicros(entry.micros)}${level} ${source}${pid}: `, 'utf8');
  let message = entry.message ?? OMITTED;
  // One newline at the end is how many programs end a message, not an empty line of it.
  if (message.length > 0 && message[message.length - 1] === NEWLINE) message = message.subarray(0, -1);
  return Buffer.concat([head, message, NEWLINE_BYTES]);
}

const NEWLINE_BYTES = Buffer.from([NEWLINE]);
const OMITTED = Buffer.from('[message left out by the server: longer than it sends (systemd-journal-gatewayd sends 4 KiB at most)]');

/** `2026-11-23T14:03:10.123456Z` from the journal's microseconds since 1970. */
export function isoMicros(micros: string): string {
  const padded = micros.padStart(7, '0');
  const iso = new Date(Number(padded.slice(0, -3))).toISOString();
  return `${iso.slice(0, -1)}${padded.slice(-3)}Z`;
}
