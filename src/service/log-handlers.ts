import type { LogSource } from '../backends/backend-set';
import type { LogSourceStatus } from '../contract/wire-types';
import { NotConfiguredError, NotFoundError } from '../errors';
import { linesAround, lineVolume, newestLines, rowMatcher } from '../logs/log-query';
import type { RingSource } from '../logs/log-query';
import { SourcePipeline } from '../logs/source-pipeline';
import type { Handlers } from './dispatcher';
import type { LiveBackends } from './live-backends';

type LogHandlers = Pick<Handlers, 'logs.sources' | 'logs.query' | 'logs.around' | 'logs.volume' | 'logs.trustHostKey'>;

/** Bytes read from a file per line asked for around a moment (log lines average 100–200 bytes). */
const BYTES_PER_LINE = 400;
const MIN_EXCERPT = 64 * 1024;
const MAX_EXCERPT = 8 * 1024 * 1024;

/** The log viewer's requests, answered from the rings the live tails fill (and the files, for older moments). */
export function createLogHandlers(live: LiveBackends): LogHandlers {
  /** The log source of a source id, or of a journal host's. */
  const source = (id: string): LogSource => {
    const found = live.sourceOf(id);
    if (!found) throw new NotFoundError(`There is no log source "${id}". Pick one from the list of sources.`);
    return found;
  };
  const status = (id: string): LogSourceStatus => live.tail(id)?.status ?? { id, state: 'stopped', since: 0, message: 'Not being followed.', hostKeyFingerprint: null };
  const rings = (ids: string[]): RingSource[] =>
    [...new Set(ids)].map((id) => {
      source(id); // an id that was never a source is not found, rather than not followed yet
      const tail = live.tail(id);
      if (!tail) throw new NotFoundError(`The log source "${id}" is not being followed yet; try again in a moment.`);
      return { sourceId: id, ring: tail.pipeline.ring };
    });

  return {
    'logs.sources': async () => live.sources().map((info) => ({ source: info, status: status(info.id) })),

    'logs.query': async ({ sourceIds, filter, until, limit }, { signal }) => newestLines(rings(sourceIds), rowMatcher(filter), until, limit, signal),

    'logs.around': async ({ sourceIds, at, before, after, filter }, { signal }) => {
      const matches = rowMatcher(filter);
      const sources = rings(sourceIds);
      // A ring whose oldest line is later than the moment cannot show what came before it.
      const older = sources.filter(({ ring }) => ring.size === 0 || !(ring.at(ring.oldestSeq) <= at));
      const notes: string[] = [];
      const fromFiles = await Promise.all(
        older.map(async (ring) => {
          const log = source(ring.sourceId);
          if (!log.readAround) {
            notes.push(`${log.name} keeps only its last ${ring.ring.capacity.toLocaleString('en')} lines and cannot read further back.`);
            return ring;
          }
          const bytes = Math.min(MAX_EXCERPT, Math.max(MIN_EXCERPT, (before + after) * BYTES_PER_LINE));
          const excerpt = await live.health.track(log, () => log.readAround!(at, bytes, signal));
          notes.push(`${log.name}: older than the lines kept, so read from the file itself (${excerpt.requests} requests); these lines are numbered apart from the live ones.`);
          const pipeline = new SourcePipeline(Math.max(1_000, before + after + 1_000));
          pipeline.ingest(excerpt.chunk);
          return { sourceId: ring.sourceId, ring: pipeline.ring };
        }),
      );
      const replaced = new Map(fromFiles.map((r) => [r.sourceId, r]));
      const result = await linesAround(
        sources.map((r) => replaced.get(r.sourceId) ?? r),
        matches,
        at,
        before,
        after,
        signal,
      );
      // A journal's hosts share one source, and one note.
      return { ...result, note: notes.length > 0 ? [...new Set(notes)].join(' ') : null };
    },

    'logs.volume': async ({ sourceIds, from, until, bucketMs, filter }, { signal }) => lineVolume(rings(sourceIds), rowMatcher(filter), from, until, bucketMs, signal),

    'logs.trustHostKey': async ({ sourceId, fingerprint }) => {
      const log = source(sourceId);
      if (!log.trustHostKey) throw new NotConfiguredError(`${log.name} is not an SSH source: it has no host key to trust.`);
      await log.trustHostKey(fingerprint);
      return status(sourceId);
    },
  };
}
