import { open } from 'node:fs/promises';

import { z } from 'zod';

import { AuditEntry, EpochMs, PublishState } from '../contract/wire-types';

/** The two kinds of line in the audit file: a flip attempt, and a later publish state of one. */
const AuditLine = z.discriminatedUnion('record', [
  AuditEntry.extend({ record: z.literal('flip') }),
  z.object({ record: z.literal('publish'), id: z.string(), at: EpochMs, publish: PublishState }),
]);
export type AuditLine = z.infer<typeof AuditLine>;

const CHUNK = 64 * 1024;

/**
 * The newest `limit` entries, newest first, each with its latest publish state. The file is read
 * from its end, so the cost follows what is asked for, not how old the log is. A line that does
 * not parse (torn by a kill mid-write, or edited by hand) is skipped: one bad line must never
 * hide the record around it.
 */
export async function readNewestEntries(file: string, limit: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  // Walking backwards, a publish line comes before its entry, and the first one met is the latest.
  const latestPublish = new Map<string, PublishState>();
  for await (const raw of linesFromEnd(file)) {
    const line = parseLine(raw);
    if (!line) continue;
    if (line.record === 'publish') {
      if (!latestPublish.has(line.id)) latestPublish.set(line.id, line.publish);
      continue;
    }
    entries.push(entryOf(line, latestPublish.get(line.id)));
    if (entries.length >= limit) break;
  }
  return entries;
}

/** The file's lines, last first, read in chunks from its end; nothing when there is no file yet. */
async function* linesFromEnd(file: string): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let position = (await handle.stat()).size;
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      const bytes = Buffer.concat([chunk, carry]);
      // Splitting bytes on \n is safe in UTF-8: no other character contains that byte.
      let end = bytes.length;
      for (let at = bytes.lastIndexOf(0x0a, end - 1); at >= 0; at = bytes.lastIndexOf(0x0a, end - 1)) {
        if (end > at + 1) yield bytes.toString('utf8', at + 1, end);
        end = at;
        if (end === 0) break;
      }
      carry = bytes.subarray(0, end);
    }
    if (carry.length > 0) yield carry.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The entry as the wire knows it: without the line's `record` marker, with its latest publish state. */
function entryOf(line: Extract<AuditLine, { record: 'flip' }>, latest: PublishState | undefined): AuditEntry {
  const entry: Partial<typeof line> = { ...line, publish: latest ?? line.publish };
  delete entry.record;
  return entry as AuditEntry;
}

function parseLine(raw: string): AuditLine | null {
  if (raw.trim() === '') return null;
  try {
    const parsed = AuditLine.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
