import type { JournalEntry } from './journal-entry';

// A journal entry as the lines the log pipeline reads: the journal's time (to the microsecond)
// and its priority's name first, so the time and level the viewer shows are the journal's own and
// never a word in the message; then what wrote it, as journalctl shows it; then the message.
// A message of several lines gives several lines: the pipeline keeps the ones after the first with
// the entry (no time of their own, so the entry's time and level).

/** journalctl's names for PRIORITY 0-7; the pipeline reads each as a level (err → error, notice → info). */
const PRIORITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/**
 * `2026-11-23T14:03:10.123456Z err checkout.service[812]: payment failed\n`, and a line more for
 * each further line of the message: text, or bytes where the journal sent the message as bytes.
 */
export function entryLines(entry: JournalEntry): string | Buffer {
  const level = entry.priority === null ? '' : ` ${PRIORITY_NAMES[entry.priority]}`;
  const source = entry.source === null ? 'journal' : entry.source;
  const pid = entry.pid === null ? '' : `[${entry.pid}]`;
  const head = `${isoMicros(entry.micros)}${level} ${source}${pid}: `;
  const message = entry.message ?? OMITTED;
  // One newline at the end is how many programs end a message, not an empty line of it.
  if (typeof message === 'string') return `${head}${message.endsWith('\n') ? message.slice(0, -1) : message}\n`;
  const bytes = message[message.length - 1] === 0x0a ? message.subarray(0, -1) : message;
  return Buffer.concat([Buffer.from(head), bytes, NEWLINE]);
}

const NEWLINE = Buffer.from('\n');
const OMITTED = '[message left out by the server: longer than it sends (systemd-journal-gatewayd sends 4 KiB at most)]';

/** The last second formatted: entries come many to a second, and toISOString is the slow part. */
let second = -1;
let secondText = '';

/** `2026-11-23T14:03:10.123456Z` from the journal's microseconds since 1970. */
export function isoMicros(micros: string): string {
  const padded = micros.padStart(7, '0');
  const seconds = Number(padded.slice(0, -6));
  if (seconds !== second) {
    second = seconds;
    secondText = new Date(seconds * 1000).toISOString().slice(0, 19);
  }
  return `${secondText}.${padded.slice(-6)}Z`;
}
