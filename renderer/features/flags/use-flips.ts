import { useCallback, useRef, useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Flag, FlagChange } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';

export interface Confirming {
  key: string;
  environment: string;
}

/**
 * Every flip's state, kept above the rows: the list is virtualised, so a row scrolled out of
 * view is unmounted, and a pending flip or its error must still be there when it scrolls back
 * (and must still block a second flip of the same flag).
 */
export function useFlips(onFlipped: (change: FlagChange) => void, onFailed: () => void) {
  const client = useOpsClient();
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [pending, setPending] = useState<ReadonlyMap<string, string>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, ApiError>>(new Map());
  // State updates are not synchronous: a second submit in the same tick must still see the first.
  const inFlight = useRef(new Set<string>());
  const latest = useRef({ onFlipped, onFailed });
  latest.current = { onFlipped, onFailed };

  const toggle = useCallback((key: string, environment: string) => {
    setErrors((all) => without(all, key));
    setConfirming((open) => (open?.key === key && open.environment === environment ? null : { key, environment }));
  }, []);

  const cancel = useCallback(() => setConfirming(null), []);

  const flip = useCallback(
    (flag: Flag, environment: string, reason: string) => {
      const current = flag.environments.find((e) => e.name === environment)?.enabled;
      if (inFlight.current.has(flag.key) || current === undefined) return;
      inFlight.current.add(flag.key);
      setConfirming(null);
      setPending((all) => new Map(all).set(flag.key, environment));
      setErrors((all) => without(all, flag.key));
      const done = () => {
        inFlight.current.delete(flag.key);
        setPending((all) => without(all, flag.key));
      };
      client.request('flags.flip', { key: flag.key, environment, enabled: !current, reason }).then(
        (change) => {
          done();
          latest.current.onFlipped(change);
        },
        (cause: unknown) => {
          done();
          setErrors((all) => new Map(all).set(flag.key, asApiError(cause)));
          // A failed or timed-out flip may still have landed: re-read the truth.
          latest.current.onFailed();
        },
      );
    },
    [client],
  );

  return { confirming, pending, errors, toggle, cancel, flip };
}

function without<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}
