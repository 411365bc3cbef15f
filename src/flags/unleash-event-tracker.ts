import type { AxiosInstance } from 'axios';

import { createConditionalGet } from './unleash-conditional-get';
import { parseAnswer, UnleashEventPage } from './unleash-schemas';
import type { UnleashEvent } from './unleash-schemas';

/** The newest event Unleash holds for a flag: when it changed last, and who Unleash says did it. */
export interface LastChange {
  id: number;
  at: number;
  by: string;
}

/**
 * Every read starts with the same small page, so a quiet poll is one 304. The first read then
 * goes on in Unleash's largest pages (1000); later polls expect few new events.
 */
const HEAD = 100;
const FIRST = { limit: 1000, pages: 3 };
const LATER = { limit: HEAD, pages: 4 };

/**
 * Follows a project's event log (`/api/admin/search/events`, newest first). It gives each flag's
 * last change, and it is the only way to see a rollout change: that leaves the flag list
 * byte-identical, so the list's ETag cannot reveal it.
 */
export class UnleashEventTracker {
  private newestId: number | null = null;
  private readonly last = new Map<string, LastChange>();
  private readonly page;

  constructor(
    private readonly client: AxiosInstance,
    private readonly project: string,
    private readonly where: string,
  ) {
    this.page = createConditionalGet(client, UnleashEventPage, where, 'its event log');
  }

  /** The newest event id read in order so far; null before the first refresh. */
  newestSeenId(): number | null {
    return this.newestId;
  }

  lastChange(flag: string): LastChange | undefined {
    return this.last.get(flag);
  }

  /**
   * Reads the events since the previous refresh. Returns the flags they touched, or 'all' when
   * that is not known: on the first read, or when more events arrived than a poll reads.
   */
  async refresh(signal: AbortSignal): Promise<Set<string> | 'all'> {
    const since = this.newestId;
    const more = since === null ? FIRST : LATER;
    const touched = new Set<string>();
    let newest = since ?? 0;
    let complete = false;
    for (let page = 0, offset = 0; page <= more.pages && !complete; page++) {
      const limit = page === 0 ? HEAD : more.limit;
      const query = new URLSearchParams({ project: `IS:${this.project}`, limit: String(limit), offset: String(offset) });
      const { value } = await this.page(`/api/admin/search/events?${query.toString()}`, signal);
      for (const event of value.events) {
        if (since !== null && event.id <= since) {
          complete = true;
          break;
        }
        newest = Math.max(newest, event.id);
        this.note(event);
        if (event.featureName) touched.add(event.featureName);
      }
      offset += limit;
      if (value.events.length < limit || offset >= value.total) complete = true;
    }
    this.newestId = newest;
    return since === null || !complete ? 'all' : touched;
  }

  /** The newest event of one flag, read now (after a write, to learn what Unleash recorded). */
  async newestFor(flag: string, signal: AbortSignal): Promise<UnleashEvent | undefined> {
    const query = new URLSearchParams({ project: `IS:${this.project}`, feature: `IS:${flag}`, limit: '1' });
    const response = await this.client.get<unknown>(`/api/admin/search/events?${query.toString()}`, { signal });
    const event = parseAnswer(UnleashEventPage, response.data, this.where, 'its event log').events[0];
    if (event) this.note(event);
    return event;
  }

  private note(event: UnleashEvent) {
    const at = Date.parse(event.createdAt);
    if (!event.featureName || !Number.isFinite(at)) return;
    const known = this.last.get(event.featureName);
    if (!known || known.id < event.id) this.last.set(event.featureName, { id: event.id, at, by: event.createdBy });
  }
}
