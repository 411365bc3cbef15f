import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { LastKnownMarkers, LastKnownRender } from '../contract/wire-types';

const Entry = z.union([z.object({ kind: z.literal('render'), value: LastKnownRender }), z.object({ kind: z.literal('markers'), value: LastKnownMarkers })]);
type Entry = z.infer<typeof Entry>;
const StoredFile = z.object({ version: z.literal(1), entries: z.array(z.tuple([z.string(), z.unknown()])) });

export interface LastKnownLimits {
  /** Renders kept at most (a 48-panel dashboard over two ranges is about 100). */
  maxEntries: number;
  /** Their JSON at most, so the file stays quick to read at start. */
  maxBytes: number;
  /** How often the file is rewritten while answers keep coming: the next start needs them, a reload reads memory. */
  writeEveryMs: number;
}

const defaultLimits: LastKnownLimits = { maxEntries: 512, maxBytes: 16 * 1024 * 1024, writeEveryMs: 15_000 };

/**
 * The last fresh answer of each live-range render and markers list, by what was asked (targets
 * or marker sources, and the range's length), so a reload or the next start can draw every panel
 * at once from what it last showed, marked with its age. Kept in memory and in one JSON file in
 * the state directory (not in the browser's storage: browser mode's origin changes with its
 * port); least recently written entries go first when it is full. A missing or unreadable file
 * only means nothing is known yet.
 */
export class LastKnownStore {
  private readonly entries = new Map<string, { entry: Entry; bytes: number }>();
  private bytes = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  /** Resolves once the file was read (or found missing or unreadable). */
  readonly ready: Promise<void>;

  constructor(
    readonly file: string,
    private readonly onError: (error: unknown) => void,
    private readonly limits: LastKnownLimits = defaultLimits,
  ) {
    this.ready = this.load();
  }

  render(key: string): LastKnownRender | null {
    const found = this.entries.get(key)?.entry;
    return found?.kind === 'render' ? found.value : null;
  }

  markers(key: string): LastKnownMarkers | null {
    const found = this.entries.get(key)?.entry;
    return found?.kind === 'markers' ? found.value : null;
  }

  rememberRender(key: string, value: LastKnownRender): void {
    this.put(key, { kind: 'render', value });
  }

  rememberMarkers(key: string, value: LastKnownMarkers): void {
    this.put(key, { kind: 'markers', value });
  }

  /** Writes what is not on disk yet; for a clean stop. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.write();
  }

  private put(key: string, entry: Entry): void {
    const bytes = JSON.stringify(entry).length + key.length;
    // One answer bigger than the whole budget is simply not kept.
    if (bytes > this.limits.maxBytes) return;
    this.drop(key);
    this.entries.set(key, { entry, bytes });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.drop(oldest);
    }
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.write();
    }, this.limits.writeEveryMs);
    this.timer.unref?.();
  }

  private drop(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.bytes;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.onError(error);
      return;
    }
    const parsed = StoredFile.safeParse(safeJson(text));
    if (!parsed.success) return this.onError(new Error(`${this.file} is not a last-known renders file; starting without it.`));
    // Answers that arrived before the file was read are newer: they stay.
    const newer = new Map(this.entries);
    this.entries.clear();
    this.bytes = 0;
    for (const [key, raw] of parsed.data.entries) {
      const entry = Entry.safeParse(raw);
      if (entry.success && !newer.has(key)) this.put(key, entry.data);
    }
    for (const [key, { entry }] of newer) this.put(key, entry);
    this.dirty = newer.size > 0;
  }

  private write(): Promise<void> {
    // One write at a time, each of the whole map as it is then; rename makes it all or nothing.
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const text = JSON.stringify({ version: 1, entries: [...this.entries].map(([key, { entry }]) => [key, entry]) });
      const temporary = `${this.file}.${process.pid}.tmp`;
      try {
        await mkdir(path.dirname(this.file), { recursive: true });
        await writeFile(temporary, text, { mode: 0o600 });
        await rename(temporary, this.file);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.writing;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
