import { z } from 'zod';

import { AuditEntry, EpochMs, PublishState } from '../contract/wire-types';

/** The two kinds of line in the audit file: a flip attempt, and a later publish state of one. */
const AuditLine = z.discriminatedUnion('record', [
  AuditEntry.extend({ record: z.literal('flip') }),
  z.object({ record: z.literal('publish'), id: z.string(), at: EpochMs, publish: PublishState }),
]);
export type AuditLine = z.infer<typeof AuditLine>;

/**
 * The file's entries in the order they were written, each with its latest publish state. A line
 * that does not parse (torn by a kill mid-write, or edited by hand) is skipped: one bad line must
 * never hide the record around it.
 */
export function parseAuditLines(text: string): AuditEntry[] {
  const entries = new Map<string, AuditEntry>();
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const line = parseLine(raw);
    if (!line) continue;
    if (line.record === 'flip') {
      const entry: AuditEntry = { ...line };
      delete (entry as Partial<AuditLine>).record;
      entries.set(entry.id, entry);
    } else {
      const entry = entries.get(line.id);
      if (entry) entries.set(line.id, { ...entry, publish: line.publish });
    }
  }
  return [...entries.values()];
}

function parseLine(raw: string): AuditLine | null {
  try {
    const parsed = AuditLine.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
