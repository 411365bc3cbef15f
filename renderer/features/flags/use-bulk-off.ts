import { useCallback, useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Flag } from '../../../src/contract/wire-types';
import { settingFor, settingOf } from './flag-state';
import type { FlipOutcome, FlipTarget } from './use-flips';

/** One flag's part of a bulk off: waiting its turn, on its way, done, or left alone. */
export type BulkStep = { state: 'queued' | 'sending' | 'confirmed' | 'already-off' } | { state: 'failed'; error: ApiError };

export interface BulkRun {
  environment: string;
  steps: ReadonlyMap<string, BulkStep>;
  done: boolean;
}

/**
 * The chosen set and a bulk off of it: one reason, then one request per flag through the same
 * `send` as a single flip (so each is guarded against conflicts, recorded, and shows pending on
 * its row), one after another so the flag service is never flooded during an incident.
 */
export function useBulkOff(send: (target: FlipTarget, reason: string) => Promise<FlipOutcome>) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [run, setRun] = useState<BulkRun | null>(null);

  const toggleSelected = useCallback((key: string) => {
    setSelected((all) => {
      const next = new Set(all);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);
  const selectMany = useCallback((keys: readonly string[]) => setSelected((all) => new Set([...all, ...keys])), []);
  const clear = useCallback(() => {
    setSelected(new Set());
    setRun(null);
  }, []);

  const start = useCallback(
    async (flags: readonly Flag[], environment: string, reason: string) => {
      const step = (key: string, next: BulkStep) => setRun((r) => r && { ...r, steps: new Map(r.steps).set(key, next) });
      const targets = flags.map((flag) => ({ flag, env: flag.environments.find((e) => e.name === environment) }));
      setRun({
        environment,
        done: false,
        steps: new Map(targets.map(({ flag, env }) => [flag.key, { state: env?.enabled ? 'queued' : 'already-off' }])),
      });
      for (const { flag, env } of targets) {
        if (!env?.enabled) continue;
        step(flag.key, { state: 'sending' });
        const expected = settingOf(env);
        const outcome = await send({ key: flag.key, environment, expected, to: settingFor('off', expected, null) }, reason);
        step(flag.key, outcome.ok ? { state: 'confirmed' } : { state: 'failed', error: outcome.error });
      }
      setRun((r) => r && { ...r, done: true });
    },
    [send],
  );

  return { selected, run, toggleSelected, selectMany, clear, start };
}
