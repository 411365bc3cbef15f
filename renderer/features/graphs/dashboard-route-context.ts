import { createContext, useContext } from 'react';

import type { DashboardRoute } from './use-dashboard-route';

/**
 * The range the dashboards area shows (live or fixed) and how to change it, for the parts deep
 * inside a dashboard that set it (a drag on any panel) or obey it (the refresh clock).
 * Null outside the dashboards area: a chart there is live and cannot zoom.
 */
export const DashboardRouteContext = createContext<DashboardRoute | null>(null);

export function useDashboardRouteContext(): DashboardRoute | null {
  return useContext(DashboardRouteContext);
}
