import { useMemo, useRef, useState } from 'react';

import type { Flag } from '../../../src/contract/wire-types';
import { describeError } from '../../lib/describe-error';
import { serviceOf } from './filter-flags';
import { ReasonGuard } from './reason-guard';
import type { BulkRun, BulkStep } from './use-bulk-off';

export type BulkOffBarProps = {
  all: readonly Flag[];
  selected: ReadonlySet<string>;
  environments: readonly string[];
  run: BulkRun | null;
  readOnly: string | null;
  onSelectMany: (keys: readonly string[]) => void;
  onClear: () => void;
  onStart: (flags: readonly Flag[], environment: string, reason: string) => void;
};

const STEP_WORDS: Record<BulkStep['state'], string> = {
  queued: 'waiting',
  sending: 'pending',
  confirmed: 'off (confirmed)',
  'already-off': 'already off, nothing sent',
  failed: 'not flipped',
};

/** Bulk off: pick rows or "every kill switch of a service", then one guard, one reason, one request per flag. */
export function BulkOffBar({ all, selected, environments, run, readOnly, onSelectMany, onClear, onStart }: BulkOffBarProps) {
  const [environment, setEnvironment] = useState(environments[0] ?? '');
  // The set as the user saw it when they opened the guard: what they confirm is what is sent.
  const [confirming, setConfirming] = useState<readonly Flag[] | null>(null);
  // Focus is never lost when the guard closes: it goes back to the button that opened it.
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setConfirming(null);
    opener.current?.focus();
  };
  // Over every flag, so once per list, selection or environment, not on each keystroke in the search.
  const services = useMemo(() => [...new Set(all.filter((f) => f.type === 'kill-switch').map(serviceOf))].sort(), [all]);
  const chosen = useMemo(() => all.filter((f) => selected.has(f.key)), [all, selected]);
  const onIn = (flags: readonly Flag[]) => flags.filter((f) => f.environments.find((e) => e.name === environment)?.enabled);
  const production = useMemo(() => all.some((f) => f.environments.some((e) => e.name === environment && e.production)), [all, environment]);

  return (
    <div className="bulk-off" role="region" aria-label="Bulk off">
      <div className="bulk-off-controls">
        <select aria-label="Select every kill switch of a service" value="" onChange={(event) => onSelectMany(all.filter((f) => f.type === 'kill-switch' && serviceOf(f) === event.target.value).map((f) => f.key))}>
          <option value="">Select kill switches of…</option>
          {services.map((service) => (
            <option key={service} value={service}>
              {service}
            </option>
          ))}
        </select>
        {selected.size > 0 && (
          <>
            <span className="muted small">{selected.size} selected</span>
            <select aria-label="Environment to turn off in" value={environment} onChange={(event) => setEnvironment(event.target.value)}>
              {environments.map((env) => (
                <option key={env} value={env}>
                  {env}
                </option>
              ))}
            </select>
            <button
              ref={opener}
              type="button"
              className="button small danger"
              aria-disabled={readOnly !== null || (run !== null && !run.done)}
              title={readOnly ?? 'Turn every selected flag off in this environment, after one reason'}
              onClick={() => readOnly === null && (run === null || run.done) && setConfirming(chosen)}
            >
              Turn off selected…
            </button>
            <button type="button" className="button small" onClick={onClear}>
              Clear selection
            </button>
          </>
        )}
      </div>
      {confirming && (
        <ReasonGuard
          label={`Turn off ${confirming.length} flags in ${environment}`}
          production={production}
          submitLabel={`Turn off ${onIn(confirming).length}`}
          blocked={onIn(confirming).length === 0 ? 'none is on' : null}
          onSubmit={(reason) => {
            close();
            onStart(confirming, environment, reason);
          }}
          onCancel={close}
        >
          <span className="flip-blast" data-testid="blast-radius">
            {environment} · {onIn(confirming).length} of {confirming.length} flags on → off: {onIn(confirming).map((f) => f.key).join(', ') || 'none is on'}
          </span>
        </ReasonGuard>
      )}
      {run && (
        <ol className="bulk-progress" aria-label="Bulk off progress">
          <li className="muted small" role="status">
            {run.done ? 'Done' : 'Turning off'} in {run.environment}: {count(run, 'confirmed')} confirmed, {count(run, 'failed')} not flipped, {count(run, 'queued') + count(run, 'sending')} to go
          </li>
          {[...run.steps].map(([key, step]) => (
            <li key={key} data-testid="bulk-step" data-key={key} data-state={step.state}>
              <span className="mono">{key}</span>: {STEP_WORDS[step.state]}
              {step.state === 'failed' && <span className="error-text"> — {describeError(step.error).message}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

const count = (run: BulkRun, state: BulkStep['state']) => [...run.steps.values()].filter((s) => s.state === state).length;
