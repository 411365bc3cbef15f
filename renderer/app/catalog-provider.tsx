import { useCallback, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';

import { CatalogContext } from '../api/catalog-context';
import type { CatalogState } from '../api/catalog-context';
import { useOpsEvent } from '../api/use-ops-event';

export type CatalogProviderProps = { children: ReactNode };

/**
 * Counts changes to the set of backends. A save in this window says so directly; a save in
 * another window shows up only as a `backends.changed` event whose backends differ from the
 * last one (the same event also reports mere health changes, which must not reload anything).
 */
export function CatalogProvider({ children }: CatalogProviderProps) {
  const [version, setVersion] = useState(0);
  const lastIds = useRef<string | null>(null);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  useOpsEvent('backends.changed', ({ statuses }) => {
    const ids = statuses
      .map((s) => s.id)
      .sort()
      .join('\n');
    if (lastIds.current !== null && lastIds.current !== ids) changed();
    lastIds.current = ids;
  });
  const value = useMemo<CatalogState>(() => ({ version, changed }), [version, changed]);
  return <CatalogContext value={value}>{children}</CatalogContext>;
}
