import { isJournalCursor } from './journal-cursor';

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
  /** MESSAGE's bytes (each value, when there are several, on its own line); null when left out. */
  message: Buffer | null;
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
  if (!isJournalCursor(cursor) || typeof micros !== 'string' || !/^[0-9]{1,20}$/.test(micros)) return null;
  const priority = text(entry.PRIORITY);
  return {
    cursor,
    micros,
    priority: priority !== null && /^[0-7]$/.test(priority) ? Number(priority) : null,
    host: text(entry._HOSTNAME),
    source: text(entry._SYSTEMD_UNIT) ?? text(entry.SYSLOG_IDENTIFIER) ?? text(entry._COMM),
    pid: text(entry._PID),
    message: entry.MESSAGE === undefined ? Buffer.alloc(0) : bytes(entry.MESSAGE),
  };
}

/** A field's (first) value as text; invalid UTF-8 in a byte array becomes U+FFFD. */
function text(value: unknown): string | null {
  const raw: unknown = Array.isArray(value) && !isByteArray(value) ? (value as unknown[])[0] : value;
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && isByteArray(raw)) return Buffer.from(raw).toString('utf8');
  return null;
}

/** A field's bytes; several values are joined by newlines; null when a value was left out. */
function bytes(value: unknown): Buffer | null {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (!Array.isArray(value)) return null;
  if (isByteArray(value)) return Buffer.from(value);
  const parts: Buffer[] = [];
  for (const one of value) {
    const part = bytes(one);
    if (part === null) return null;
    if (parts.length > 0) parts.push(NEWLINE);
    parts.push(part);
  }
  return Buffer.concat(parts);
}

const NEWLINE = Buffer.from('\n');

function isByteArray(value: unknown[]): value is number[] {
  // An empty array is no value at all: read as no bytes.
  return value.every((item) => typeof item === 'number');
}
