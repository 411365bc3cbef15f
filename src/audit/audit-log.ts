import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

import type { AuditEntry, PublishState } from '../contract/wire-types';
import { readNewestEntries } from './audit-lines';
import type { AuditLine } from './audit-lines';

/**
 * The record of every flip attempt: one JSON object per line, appended and fsync'd before the
 * flip's answer returns, never rewritten. A Graphite event's later progress (queued → sent) is
 * one more line that reading folds into its entry, so the file stays append-only and greppable.
 */
export class AuditLog {
  // One append at a time: lines never interleave, and each starts where the previous one ended.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Resolves once the entry is on disk (written and fsync'd). */
  append(entry: AuditEntry): Promise<AuditEntry> {
    return this.write({ record: 'flip', ...entry }).then(() => entry);
  }

  /** Records a Graphite event's new publish state, as one more line folded into its entry on reading. */
  updatePublish(id: string, publish: PublishState, at: number): Promise<void> {
    return this.write({ record: 'publish', id, at, publish });
  }

  /** Newest first. A torn last line (the process killed mid-write) is skipped, not fatal. */
  list(limit: number): Promise<AuditEntry[]> {
    return readNewestEntries(this.file, limit);
  }

  /** Confirmed flips whose Graphite event was not sent yet, oldest first: what a restart must resume. */
  async pending(): Promise<AuditEntry[]> {
    return (await readNewestEntries(this.file, Infinity)).filter((e) => e.publish?.state === 'queued').reverse();
  }

  private write(line: AuditLine): Promise<void> {
    const next = this.tail.then(() => appendLine(this.file, JSON.stringify(line)));
    // A failed append must not block the ones after it; its caller sees the failure.
    this.tail = next.catch(() => undefined);
    return next;
  }
}

async function appendLine(file: string, json: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'a+');
  try {
    const created = (await handle.stat()).size === 0;
    // A line torn by a kill stays as it is (it is evidence), but the next record starts on a
    // line of its own, so it is never glued to the torn one and lost with it.
    const fresh = (await endsTorn(handle)) ? '\n' : '';
    const bytes = Buffer.from(`${fresh}${json}\n`, 'utf8');
    let written = 0;
    while (written < bytes.length) written += (await handle.write(bytes, written)).bytesWritten;
    await handle.sync();
    if (created) await syncDirectory(path.dirname(file));
  } finally {
    await handle.close();
  }
}

async function endsTorn(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/** A new file's name is only durable once its directory is synced too (not possible on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // Windows cannot open a directory; NTFS journals the name itself.
  }
}
