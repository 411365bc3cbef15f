import type { LogFollower, LogGapNotice } from '../../../../src/backends/backend-set';
import type { LogLine, LogSourceStatus } from '../../../../src/contract/wire-types';
import { SourcePipeline } from '../../../../src/logs/source-pipeline';

export type FollowCall = 'lines' | 'gap' | 'status' | 'error';

/**
 * A follower that keeps everything a log source tells it, the lines through the real pipeline
 * (so the rows a user would see are what is asserted), and checks the source's promise on the
 * way: every chunk is whole lines.
 */
export function recordFollow(capacity = 1_000_000) {
  const pipeline = new SourcePipeline(capacity);
  const record = {
    chunks: 0,
    /** Chunks that did not end with a newline: a source must never hand one on. */
    torn: 0,
    gaps: [] as LogGapNotice[],
    statuses: [] as Omit<LogSourceStatus, 'id'>[],
    errors: [] as Error[],
    calls: [] as FollowCall[],
    lines: (): LogLine[] => pipeline.ring.lines(0, pipeline.ring.nextSeq, 'test'),
    texts: (): string[] => record.lines().filter((line) => line.gap === null).map((line) => line.text),
    state: () => record.statuses.at(-1)?.state,
  };
  const follower: LogFollower = {
    onLines: (chunk) => {
      record.chunks++;
      if (chunk.length === 0 || chunk[chunk.length - 1] !== 0x0a) record.torn++;
      pipeline.ingest(chunk);
      record.calls.push('lines');
    },
    onGap: (gap) => {
      record.gaps.push(gap);
      pipeline.gap(gap);
      record.calls.push('gap');
    },
    onStatus: (status) => {
      record.statuses.push(status);
      record.calls.push('status');
    },
    onError: (error) => {
      record.errors.push(error);
      record.calls.push('error');
    },
  };
  return { record, follower };
}
