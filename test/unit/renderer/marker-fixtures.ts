// Markers a test chooses, on a two-panel dashboard: shared by the marker tests.
import { screen, within } from '@testing-library/react';

import type { DashboardDefinition, PanelDefinition } from '../../../src/contract/backend-definitions';
import type { Marker } from '../../../src/contract/wire-types';
import { quietFakes, renderApp } from './harness';

export const MINUTE = 60_000;
const panel = (title: string): PanelDefinition => ({ title, targets: [`stand-in.${title}`], unit: 'req/s' });
const twoPanels: DashboardDefinition = { id: 'ops', title: 'ops', panels: [panel('a'), panel('b')] };

export const deploy = (at: number, n: number, service = 'web'): Marker => ({
  id: `d${n}`,
  kind: 'deploy',
  at,
  who: `dev${n}`,
  what: `${service} deploy #${n}`,
  link: null,
  tags: ['deploy', service],
});
export const flip = (at: number, key: string): Marker => ({
  id: `f:${key}:${at}`,
  kind: 'flip',
  at,
  who: 'oncall',
  what: `flag ${key} off in production: INC-1`,
  link: null,
  tags: ['flag', key, 'production'],
});

/** The app over one hour on two panels, with exactly these markers from the deploy log; stop its core after. */
export function renderWith(markers: Marker[], backends = quietFakes(), dashboard: DashboardDefinition = twoPanels) {
  backends.markers = [{ ...backends.markers[0]!, list: async (from, until) => markers.filter((m) => m.at >= from && m.at <= until) }];
  return renderApp({ backends, savedSettings: { rangeMinutes: 60 }, demo: { backends: [], dashboards: [dashboard] } }).core;
}

/** Two panels, `a` and `b`, with what a dashboard may carry besides (tag filters, defaults). */
export function twoPanelsWith(extra: Partial<DashboardDefinition>, a: Partial<PanelDefinition> = {}): DashboardDefinition {
  return { ...twoPanels, ...extra, panels: [{ ...panel('a'), ...a }, panel('b')] };
}

export const panels = () => screen.getAllByTestId('chart-panel');
export const ticksIn = (p: HTMLElement) => p.querySelectorAll('.marker-tick');
/** Every marker a panel shows, whether alone or inside a cluster. */
export const markersIn = (p: HTMLElement) =>
  within(p).queryAllByTestId(/^(deploy|flip)-marker$/).length +
  within(p)
    .queryAllByTestId('marker-cluster')
    .reduce((sum, c) => sum + Number(c.dataset.count), 0);

