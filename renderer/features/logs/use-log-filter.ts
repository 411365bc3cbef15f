import { useEffect, useMemo, useState } from 'react';

import { compileLogFilter } from '../../../src/contract/log-filter';
import type { LogFilter } from '../../../src/contract/wire-types';

/** A pause in typing before the core is asked again: one query per word, not per key. */
export const FILTER_DELAY_MS = 250;

const NO_FILTER: LogFilter = { text: '', mode: 'substring', caseSensitive: false, levels: [] };

/**
 * What the user types (`draft`, checked at once so an invalid regex is said while typing) and
 * what is applied (the last valid draft, after a pause): the query, the live lines and the
 * highlights all use the applied one, so they always agree with each other and with the core.
 */
export function useLogFilter() {
  const [draft, setDraft] = useState<LogFilter>(NO_FILTER);
  const [applied, setApplied] = useState<LogFilter>(NO_FILTER);
  const checked = useMemo(() => compileLogFilter(draft), [draft]);

  useEffect(() => {
    if (!checked.ok) return;
    // Levels and toggles apply at once; only typed text waits for a pause.
    const wait = draft.text === applied.text ? 0 : FILTER_DELAY_MS;
    const timer = setTimeout(() => setApplied(draft), wait);
    return () => clearTimeout(timer);
  }, [draft, checked, applied.text]);

  const compiled = useMemo(() => compileLogFilter(applied), [applied]);
  const active = compiled.ok && compiled.active;
  const ranges = useMemo(() => (compiled.ok ? (shown: string) => compiled.ranges(shown) : () => []), [compiled]);
  return {
    draft,
    setDraft,
    error: checked.ok ? null : checked.error,
    /** Null when nothing filters, as the requests want it. */
    applied: active ? applied : null,
    compiled,
    ranges,
  };
}
