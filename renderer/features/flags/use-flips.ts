import { useCallback, useRef, useState } from 'react';

import { ApiError } from '../../../src/contract/api-error';
import type { Flag, FlagChange, FlagSetting } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { settingOf, toggled } from './flag-state';

/** A flip being confirmed: the environment as the user saw it when they asked, and what they first asked for. */
export interface Confirming {
  key: string;
  environment: string;
  expected: FlagSetting;
  proposed: FlagSetting;
}

export interface FlipTarget {
  key: string;
  environment: string;
  /** Sent as `expected`: a flag changed by someone else since is a conflict, never overwritten. */
  expected: FlagSetting;
  to: FlagSetting;
}

/** Why the last flip of a flag did not land, shown on its row until the next attempt. */
export interface FlipProblem {
  environment: string;
  error: ApiError;
}

export type FlipOutcome = { ok: true; change: FlagChange } | { ok: false; error: ApiError };

/** Where focus goes back after the guard closes: the switch the user started from. */
export interface FocusRequest {
  key: string;
  environment: string;
}

/**
 * Every flip's state, kept above the rows: the list is virtualised, so a row scrolled out of
 * view is unmounted, and a pending flip or its error must still be there when it scrolls back
 * (and must still block a second flip of the same flag). Never optimistic: the list changes only
 * with what the core answers, re-read from the flag service.
 */
export function useFlips(onFlipped: (change: FlagChange) => void, onFailed: () => void) {
  const client = useOpsClient();
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [pending, setPending] = useState<ReadonlyMap<string, string>>(new Map());
  const [problems, setProblems] = useState<ReadonlyMap<string, FlipProblem>>(new Map());
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  // State updates are not synchronous: a second submit in the same tick must still see the first.
  const inFlight = useRef(new Set<string>());
  const latest = useRef({ onFlipped, onFailed });
  latest.current = { onFlipped, onFailed };

  /** Opens the guard for one environment; without `proposed`, a click on the switch (on ↔ off). */
  const open = useCallback((flag: Flag, environment: string, proposed?: FlagSetting) => {
    const env = flag.environments.find((e) => e.name === environment);
    if (!env || inFlight.current.has(flag.key)) return;
    const expected = settingOf(env);
    setProblems((all) => without(all, flag.key));
    setConfirming((open) =>
      open?.key === flag.key && open.environment === environment && !proposed ? null : { key: flag.key, environment, expected, proposed: proposed ?? toggled(expected) },
    );
  }, []);

  const cancel = useCallback(() => {
    if (confirming) setFocusRequest({ key: confirming.key, environment: confirming.environment });
    setConfirming(null);
  }, [confirming]);

  /** One request for one flag, whoever asks (the guard or a bulk off); refused while that flag has one on its way. */
  const send = useCallback(
    async (target: FlipTarget, reason: string): Promise<FlipOutcome> => {
      const { key, environment } = target;
      if (inFlight.current.has(key)) return { ok: false, error: new ApiError({ code: 'conflict', message: `A flip of ${key} is already on its way.` }) };
      inFlight.current.add(key);
      setPending((all) => new Map(all).set(key, environment));
      setProblems((all) => without(all, key));
      try {
        const change = await client.request('flags.flip', { ...target, reason });
        latest.current.onFlipped(change);
        return { ok: true, change };
      } catch (cause) {
        const error = asApiError(cause);
        setProblems((all) => new Map(all).set(key, { environment, error }));
        // A failed or timed-out flip may still have landed: re-read the truth.
        latest.current.onFailed();
        return { ok: false, error };
      } finally {
        inFlight.current.delete(key);
        setPending((all) => without(all, key));
      }
    },
    [client],
  );

  /** The guard's submit: closes it, puts focus back on the switch, sends once. */
  const submit = useCallback(
    (open: Confirming, to: FlagSetting, reason: string) => {
      setConfirming(null);
      setFocusRequest({ key: open.key, environment: open.environment });
      void send({ key: open.key, environment: open.environment, expected: open.expected, to }, reason);
    },
    [send],
  );

  const dismiss = useCallback((key: string) => setProblems((all) => without(all, key)), []);

  return { confirming, pending, problems, focusRequest, open, cancel, submit, send, dismiss };
}

function without<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}
