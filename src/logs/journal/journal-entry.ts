/**
 * One journal entry as journalctl `-o json` and systemd-journal-gatewayd (`Accept:
 * application/json`) write it, one JSON object a line. A field's value is a string; an array of
 * numbers when its bytes are not printable UTF-8 (colour codes, binary); null when the server
 * left it out for its size (gatewayd does above 4 KiB); an array of those when the entry has the
 * field more than once.
 */
export interface JournalEntry {
  cursor: string;
  /** `__REALTIME_TIMESTAMP`: microseconds since 1970, as the digits the journal wrote. */
  micros: string;
  /** 0 (emerg) to 7 (debug); null when the entry has no PRIORITY. */
  priority: number | null;
  /** `_HOSTNAME`, the host that wrote it (journal-remote keeps the sender's). */
  host: string | null;
  /** What wrote it: `_SYSTEMD_UNIT`, else `SYSLOG_IDENTIFIER`, else `_COMM`. */
  source: string | null;
  pid: string | null;
  /**
   * MESSAGE (each value, when there are several, on its own line): text, or bytes when the journal
   * sent them as bytes; null when the server left it out.
   */
  message: string | Buffer | null;
}

/** The entry on one line of JSON, or null when the line is not a journal entry. */
export function parseJournalEntry(line: string): JournalEntry | null {
  let fields: unknown;
  try {
    fields = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return null;
  const entry = fields as Record<string, unknown>;
  const cursor = entry.__CURSOR;
  const micros = entry.__REALTIME_TIMESTAMP;
  // The cursor's grammar is checked where it is used again (journalCommand, the gateway's Range):
  // here, per entry, it is only the mark of an entry.
  if (typeof cursor !== 'string' || !cursor.startsWith('s=') || typeof micros !== 'string' || !/^[0-9]{1,20}$/.test(micros)) return null;
  const priority = text(entry.PRIORITY);
  return {
    cursor,
    micros,
    priority: priority !== null && /^[0-7]$/.test(priority) ? Number(priority) : null,
    host: text(entry._HOSTNAME),
    source: text(entry._SYSTEMD_UNIT) ?? text(entry.SYSLOG_IDENTIFIER) ?? text(entry._COMM),
    pid: text(entry._PID),
    message: entry.MESSAGE === undefined ? '' : value(entry.MESSAGE),
  };
}

/** A field's (first) value as text; invalid UTF-8 in a byte array becomes U+FFFD. */
function text(value: unknown): string | null {
  const raw: unknown = Array.isArray(value) && !isByteArray(value) ? (value as unknown[])[0] : value;
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && isByteArray(raw)) return Buffer.from(raw).toString('utf8');
  return null;
}

/** A field's value: text, or bytes; several values are joined by newlines; null when one was left out. */
function value(field: unknown): string | Buffer | null {
  if (typeof field === 'string') return field;
  if (!Array.isArray(field)) return null;
  if (isByteArray(field)) return Buffer.from(field);
  const values = field.map(value);
  if (values.some((one) => one === null)) return null;
  if (values.every((one) => typeof one === 'string')) return values.join('\n');
  return Buffer.concat(values.flatMap((one, i) => [...(i > 0 ? [NEWLINE] : []), typeof one === 'string' ? Buffer.from(one) : one!]));
}

const NEWLINE = Buffer.from('\n');

function isByteArray(value: unknown[]): value is number[] {
  // An empty array is no value at all: read as no bytes.
  return value.every((item) => typeof item === 'number');
}
