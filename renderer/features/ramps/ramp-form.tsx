import { useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Ramp } from '../../../src/contract/ramp-types';
import type { AppInfo, FlagList } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useOpsClient } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { HOLD_PRESETS } from '../../lib/time-presets';
import { ErrorText } from '../../ui/error-text';
import { describeSetting } from '../flags/flag-state';
import { useWatchChoices } from './use-watch-choices';

const HOST_WORDS: Record<AppInfo['host'], string> = { browser: 'the browser-mode host', electron: "the desktop app's main process", 'in-process': 'this process' };

export type RampFormProps = { flagKey: string; onFlagKey: (key: string) => void; onStarted: (ramp: Ramp) => void };

/** "1, 5, 25, 50, 100" → [1, 5, 25, 50, 100], or why not. */
export function parseSteps(text: string): number[] | string {
  const parts = text.split(/[\s,→%]+/).filter(Boolean);
  const steps = parts.map(Number);
  if (steps.length === 0) return 'name the shares to go through, e.g. 1, 5, 25, 50, 100';
  if (steps.some((s) => !Number.isInteger(s) || s < 1 || s > 100)) return 'each step is a whole share of users from 1 to 100';
  if (steps.some((s, i) => i > 0 && s <= steps[i - 1]!)) return 'each step must be higher than the one before';
  return steps;
}

/**
 * Starts a guarded ramp: the flag and environment, the shares to go through, how long each is
 * held, the series watched (the flag's service's by default, with their thresholds) and one
 * reason for every step. The core writes the first step before it answers.
 */
export function RampForm({ flagKey, onFlagKey, onStarted }: RampFormProps) {
  const client = useOpsClient();
  const ids = { flag: useId(), steps: useId(), hold: useId(), reason: useId(), env: useId() };
  const flags = useOpsQuery<FlagList>('ramp-form-flags', (c) => c.request('flags.list', {}));
  // A step (this ramp's or another's) changes what the flag is now: "now …" and the next start's `expected` follow it.
  useOpsEvent('flags.changed', flags.refetch);
  const info = useOpsQuery<AppInfo>('ramp-form-info', (c) => c.request('app.info', {}));
  const flag = flags.data?.flags.find((f) => f.key === flagKey.trim());
  const [environment, setEnvironment] = useState('production');
  const env = flag?.environments.find((e) => e.name === environment) ?? flag?.environments.find((e) => e.production) ?? flag?.environments[0];
  const [stepsText, setStepsText] = useState('1, 5, 25, 50, 100');
  const [holdSeconds, setHoldSeconds] = useState(60);
  const [reason, setReason] = useState('');
  const { choices, loading } = useWatchChoices(flag?.key ?? '');
  const [picked, setPicked] = useState<{ flag: string; labels: Set<string> } | null>(null);
  // The defaults follow the flag until the user picks for this flag.
  const chosen = useMemo(() => (picked && picked.flag === flag?.key ? picked.labels : new Set(choices.filter((c) => c.byDefault).map((c) => c.watch.label))), [picked, flag?.key, choices]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const steps = parseSteps(stepsText);
  const watches = choices.filter((c) => chosen.has(c.watch.label)).map((c) => c.watch);
  const blocked = !flag ? 'pick a flag' : !env ? 'pick an environment' : typeof steps === 'string' ? steps : watches.length === 0 ? 'watch at least one series with a threshold' : reason.trim().length < 3 ? 'say why, in a few words' : null;

  const toggle = (label: string) => {
    const next = new Set(chosen);
    if (next.has(label)) next.delete(label);
    else next.add(label);
    setPicked({ flag: flag?.key ?? '', labels: next });
  };
  const start = (event: FormEvent) => {
    event.preventDefault();
    if (blocked || pending || !flag || !env || typeof steps === 'string') return;
    setPending(true);
    setError(null);
    const expected = { enabled: env.enabled, audience: env.audience, rolloutPercent: env.rolloutPercent };
    client
      .request('ramps.start', { key: flag.key, environment: env.name, steps, holdSeconds, watches, reason: reason.trim(), expected })
      .then((ramp) => {
        setReason('');
        onStarted(ramp);
      })
      .catch((caught: unknown) => {
        setError(asApiError(caught));
        flags.refetch();
      })
      .finally(() => setPending(false));
  };

  return (
    <form className="ramp-form" aria-label="Start a guarded ramp" onSubmit={start} data-testid="ramp-form">
      <div className="ramp-form-row">
        <label htmlFor={ids.flag}>Flag</label>
        <input id={ids.flag} list={`${ids.flag}-flags`} value={flagKey} onChange={(e) => onFlagKey(e.target.value)} placeholder="search.autocomplete-v2" autoComplete="off" />
        <datalist id={`${ids.flag}-flags`}>
          {flags.data?.flags
            .filter((f) => f.type === 'release' || f.type === 'experiment')
            .map((f) => (
              <option key={f.key} value={f.key} />
            ))}
        </datalist>
        <label htmlFor={ids.env}>in</label>
        <select id={ids.env} value={env?.name ?? environment} onChange={(e) => setEnvironment(e.target.value)} disabled={!flag}>
          {(flag?.environments ?? [{ name: environment }]).map((e) => (
            <option key={e.name} value={e.name}>
              {e.name}
            </option>
          ))}
        </select>
        {env && <span className="muted small">now {describeSetting(env)}</span>}
      </div>
      <div className="ramp-form-row">
        <label htmlFor={ids.steps}>Steps (% of users)</label>
        <input id={ids.steps} value={stepsText} onChange={(e) => setStepsText(e.target.value)} aria-invalid={typeof steps === 'string'} size={22} />
        <label htmlFor={ids.hold}>each held</label>
        <select id={ids.hold} value={holdSeconds} onChange={(e) => setHoldSeconds(Number(e.target.value))}>
          {HOLD_PRESETS.map((h) => (
            <option key={h.seconds} value={h.seconds}>
              {h.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="ramp-watches">
        <legend>Advance only while these stay within their thresholds (no data counts as not healthy)</legend>
        {loading && choices.length === 0 && <span className="muted small">Reading the dashboards’ panels…</span>}
        {!loading && flag && choices.length === 0 && <span className="error-text">No panel has a threshold to watch: give one a threshold in its dashboard first.</span>}
        {choices.map(({ watch }) => (
          <label key={watch.label} className="ramp-watch" data-testid="ramp-watch-choice">
            <input type="checkbox" checked={chosen.has(watch.label)} onChange={() => toggle(watch.label)} /> {watch.label}
            <span className="muted small">
              {' '}
              {watch.high !== null && `≤ ${watch.high} ${watch.unit}`} {watch.low !== null && `≥ ${watch.low} ${watch.unit}`}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="ramp-form-row">
        <label htmlFor={ids.reason}>Why</label>
        <input id={ids.reason} className="ramp-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} placeholder="One reason for every step, e.g. REL-88 autocomplete v2 to everyone" />
        <button type="submit" className="button danger" disabled={blocked !== null || pending}>
          {pending ? 'Writing the first step…' : 'Start guarded ramp'}
        </button>
      </div>
      <p className="muted small">
        {blocked ? `To start: ${blocked}. ` : ''}
        On a breach it stops and sets the flag back to the last good step; a change someone else makes stops it without overwriting anything. It runs in this console's core (
        {HOST_WORDS[info.data?.host ?? 'browser']}), not in this window, and only while that runs: if it stops, the ramp shows as paused and never resumes by itself.
      </p>
      {error && <ErrorText error={error} prefix="Not started" />}
    </form>
  );
}
