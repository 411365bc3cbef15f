import { useId, useState } from 'react';
import type { FormEvent } from 'react';

import type { TimeZone } from '../../lib/format-time';
import { fromInputValue, toInputValue } from '../../lib/time-range-text';
import type { TimeWindow } from './use-dashboard-window';

export type AbsoluteRangeFormProps = {
  /** What the fields start with: the range on screen. */
  initial: TimeWindow;
  zone: TimeZone;
  onApply: (window: TimeWindow) => void;
};

/** From and to as date and time, read in the zone the console shows (UTC or local). */
export function AbsoluteRangeForm({ initial, zone, onApply }: AbsoluteRangeFormProps) {
  const [from, setFrom] = useState(() => toInputValue(initial.from, zone));
  const [until, setUntil] = useState(() => toInputValue(initial.until, zone));
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const zoneName = zone === 'utc' ? 'UTC' : 'local';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const a = fromInputValue(from, zone);
    const b = fromInputValue(until, zone);
    if (a === null || b === null) return setProblem('Enter a date and a time in both fields.');
    if (a >= b) return setProblem('"To" must be after "From".');
    setProblem(null);
    onApply({ from: a, until: b });
  };

  return (
    <form className="absolute-range" onSubmit={submit} aria-label="Absolute range">
      <label className="field" htmlFor={`${id}-from`}>
        <span>From ({zoneName})</span>
        <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label className="field" htmlFor={`${id}-to`}>
        <span>To ({zoneName})</span>
        <input id={`${id}-to`} type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
      </label>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button small">
        Show this range
      </button>
    </form>
  );
}
