import { useCallback, useMemo, useState } from 'react';

import type { CursorOrigin, TimeCursor } from './time-cursor-context';

/** A time cursor's state: the moment and where it was pointed from, which change together. */
export function useTimeCursorState(): TimeCursor {
  const [state, setState] = useState<{ at: number | null; origin: CursorOrigin | null }>({ at: null, origin: null });
  const set = useCallback((at: number | null, origin: CursorOrigin | null = null) => setState({ at, origin: at === null ? null : origin }), []);
  return useMemo(() => ({ ...state, set }), [state, set]);
}
