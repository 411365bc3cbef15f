import { readFileSync } from 'node:fs';

import { writeFileAtomically } from '../atomic-write';
import { Ramp } from '../contract/ramp-types';
import { z } from '../contract/zod';

const RampFile = z.object({ ramps: z.array(Ramp) });

/** Ramps kept, newest first: enough history to see what the last ones did. */
const KEPT = 50;

/**
 * The guarded ramps of this console, in `guarded-ramps.json` beside the audit log, written
 * atomically on every change. What was running when the process stopped comes back paused:
 * a ramp advances only while the core that runs it runs, and never resumes by itself.
 */
export class RampStore {
  private ramps: Ramp[];

  constructor(
    readonly file: string,
    now: number,
    private readonly onError: (event: string, error: unknown) => void,
  ) {
    this.ramps = this.load().map((ramp) => (ramp.state === 'running' ? paused(ramp, now) : ramp));
  }

  list(): readonly Ramp[] {
    return this.ramps;
  }

  get(id: string): Ramp | undefined {
    return this.ramps.find((r) => r.id === id);
  }

  /**
   * Adds or replaces a ramp (by id), in place, and saves it unless `persist` is false (a hold's
   * progress, which a restart replaces with "paused" anyway). A disk that refuses is logged: the
   * ramp itself goes on in memory.
   */
  put(ramp: Ramp, persist = true): void {
    const at = this.ramps.findIndex((r) => r.id === ramp.id);
    this.ramps = at < 0 ? [ramp, ...this.ramps].slice(0, KEPT) : this.ramps.map((r, i) => (i === at ? ramp : r));
    if (!persist) return;
    try {
      writeFileAtomically(this.file, `${JSON.stringify({ ramps: this.ramps }, null, 1)}\n`);
    } catch (error) {
      this.onError('ramps.save_failed', error);
    }
  }

  private load(): Ramp[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.onError('ramps.load_failed', error);
      return [];
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      this.onError('ramps.unreadable', error);
      return [];
    }
    const parsed = RampFile.safeParse(json);
    if (!parsed.success) {
      this.onError('ramps.unreadable', parsed.error);
      return [];
    }
    return parsed.data.ramps;
  }
}

function paused(ramp: Ramp, now: number): Ramp {
  const text = `Paused: the console that ran it (${ramp.runner}) stopped, last heard of at ${new Date(ramp.updatedAt).toISOString().slice(11, 19)} UTC. It does not resume by itself: resume it or stop it here.`;
  return { ...ramp, state: 'paused', status: text, updatedAt: now, history: [...ramp.history, { at: now, kind: 'paused', text }] };
}
