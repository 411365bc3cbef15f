import type { LogFollower, LogGapNotice } from '../../backends/backend-set';
import { BackendUnavailableError } from '../../errors';
import { cursorTime, isJournalCursor, notAfter } from './journal-cursor';
import { parseJournalEntry } from './journal-entry';
import { entryLines } from './journal-line-text';

export interface JournalReaderOptions {
  /**
   * The cursor of the last entry handed on before this stream, which was asked to start at that
   * entry (journalctl --cursor, gatewayd `Range: entries=<cursor>`, both inclusive). That entry
   * comes first and is dropped; if it does not come, the journal lost it meanwhile: a gap.
   */
  resumeAt: string | null;
  /** The host of an entry without `_HOSTNAME`. */
  fallbackHost: string;
  /** Whole lines of one host's entries, in journal order. */
  onLines(host: string, chunk: Buffer): void;
  /** Entries that may be missing, for every host of the stream. */
  onGap(gap: LogGapNotice): void;
  /** A line that is not a journal entry (the stream is not what it should be). */
  onMalformed(line: string): void;
}

/**
 * Reads one stream of a journal's JSON lines, from journalctl over SSH or from
 * systemd-journal-gatewayd, into log lines per host. `cursor` is the last entry handed on: the
 * next stream resumes there, so across reconnects every entry is shown once and none is skipped.
 */
export class JournalReader {
  /** The last entry handed on; where the next stream starts. */
  cursor: string | null;
  private pending: Buffer = Buffer.alloc(0);
  private resuming: boolean;

  constructor(private readonly options: JournalReaderOptions) {
    this.cursor = options.resumeAt;
    this.resuming = options.resumeAt !== null;
  }

  /** Bytes of the stream as they come; a line cut at the end waits for the rest. */
  push(data: Buffer): void {
    const text = this.pending.length > 0 ? Buffer.concat([this.pending, data]) : data;
    const end = text.lastIndexOf(0x0a) + 1;
    // Copied: a few bytes of a large chunk must not keep all of it alive.
    this.pending = Buffer.from(text.subarray(end));
    if (end === 0) return;
    const byHost = new Map<string, (string | Buffer)[]>();
    let start = 0;
    let last: string | null = null;
    while (start < end) {
      const newline = text.indexOf(0x0a, start);
      const line = text.toString('utf8', start, newline);
      start = newline + 1;
      if (line.trim() === '') continue;
      const entry = parseJournalEntry(line);
      if (!entry) {
        this.options.onMalformed(line);
        continue;
      }
      if (this.resuming && this.alreadyShown(entry.cursor, Number(entry.micros.slice(0, -3)))) continue;
      const host = entry.host ?? this.options.fallbackHost;
      const lines = byHost.get(host);
      if (lines) lines.push(entryLines(entry));
      else byHost.set(host, [entryLines(entry)]);
      last = entry.cursor;
    }
    // The cursor is sent back to the server on a resume: one that is not a cursor is never kept.
    if (isJournalCursor(last)) this.cursor = last;
    for (const [host, lines] of byHost) this.options.onLines(host, joinLines(lines));
  }

  /** While resuming: true for the resume entry itself and anything before it; a gap if the resume entry is gone. */
  private alreadyShown(cursor: string, at: number): boolean {
    const resumeAt = this.options.resumeAt!;
    if (cursor === resumeAt) {
      this.resuming = false;
      return true;
    }
    if (notAfter(cursor, resumeAt)) return true;
    this.resuming = false;
    this.options.onGap({
      from: cursorTime(resumeAt),
      until: at,
      reason: 'the journal no longer has the last entry shown (rotated or vacuumed meanwhile), so entries written in between may be missing',
    });
    return false;
  }
}

/** One Buffer of lines, encoded once where they are all text. */
function joinLines(lines: (string | Buffer)[]): Buffer {
  if (lines.every((line) => typeof line === 'string')) return Buffer.from(lines.join(''), 'utf8');
  return Buffer.concat(lines.map((line) => (typeof line === 'string' ? Buffer.from(line, 'utf8') : line)));
}

/** A reader for one stream, resuming at `cursor`, that hands each host's lines to the follower's host (`forHost`). */
export function readJournalInto(follower: LogFollower, cursor: string | null, host: string): JournalReader {
  let malformed = false;
  return new JournalReader({
    resumeAt: cursor,
    fallbackHost: host,
    onLines: (entryHost, chunk) => (follower.forHost ? follower.forHost(entryHost) : follower).onLines(chunk),
    onGap: (gap) => follower.onGap(gap),
    onMalformed: (line) => {
      // Once a stream: it says the stream is not a journal, and the rest of it likely is not either.
      if (malformed) return;
      malformed = true;
      follower.onError(new BackendUnavailableError(`A line of the journal stream is not a journal entry, and was left out: ${line.slice(0, 200)}`));
    },
  });
}
