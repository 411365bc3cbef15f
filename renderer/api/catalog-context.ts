import { createContext, useContext } from 'react';

export interface CatalogState {
  /**
   * Goes up whenever the set of backends changes (saved or removed here, or in another window).
   * Everything that depends on which backends exist (dashboards, flags, log sources, the data
   * source badge) puts it in its query key, so it reloads instead of showing the old world.
   */
  version: number;
  changed: () => void;
}

export const CatalogContext = createContext<CatalogState>({ version: 0, changed: () => {} });

export function useCatalog(): CatalogState {
  return useContext(CatalogContext);
}
