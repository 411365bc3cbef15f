import { useMemo } from 'react';

import { formatHashLink, formatRangeParam, parseHashLink } from '../../../src/contract/dashboard-link';
import { useSettings } from '../../api/settings-context';
import { useOpsQuery } from '../../api/use-ops-query';
import { useTimeCursor } from '../graphs/time-cursor-context';
import { useIncidentMode } from '../incident/incident-context';
import { openLogsAt } from '../logs/logs-navigation';
import type { Command } from './palette-commands';

const RANGES: [string, number][] = [
  ['Last 15 minutes', 15],
  ['Last hour', 60],
  ['Last 6 hours', 360],
  ['Last 24 hours', 1440],
  ['Last 7 days', 10_080],
];

/** Focuses (and shows) the first element matching `selector`; false when there is none. */
export function focusFirst(selector: string): boolean {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) return false;
  element.scrollIntoView({ block: 'nearest' });
  if (!element.matches('input, button, textarea, select, a[href], [tabindex]')) element.tabIndex = -1;
  element.focus();
  return true;
}

/**
 * What the palette offers, built while it is open: the incident's own actions first, then the
 * time cursor and ranges, dashboards and panels, log sources, and every flag's production switch.
 */
export function usePaletteCommands(open: boolean, openHelp: () => void, enterCursorMode: () => void) {
  const { update } = useSettings();
  const cursor = useTimeCursor();
  const { store, requestFlip } = useIncidentMode();
  const flags = useOpsQuery(open ? 'palette|flags' : null, (c) => c.request('flags.list', {}));
  const dashboards = useOpsQuery(open ? 'palette|dashboards' : null, (c) => c.request('dashboards.list', {}));
  const sources = useOpsQuery(open ? 'palette|logs' : null, (c) => c.request('logs.sources', {}));
  const info = useOpsQuery(open ? 'palette|info' : null, (c) => c.request('app.info', {}));

  const commands = useMemo<Command[]>(() => {
    const currentDashboard = parseHashLink(window.location.hash)?.dashboardId ?? dashboards.data?.[0]?.dashboard.id ?? null;
    const list: Command[] = [];
    const add = (command: Command) => list.push(command);
    if (info.data?.dataSource === 'demo') {
      // The incident bar's own button, so the drill's status and any failure show in one place.
      add({ id: 'drill', group: 'incident', title: 'Run the incident drill (demo)', run: () => document.querySelector<HTMLButtonElement>('[data-drill-button]')?.click() });
    }
    if (store.current) {
      add({ id: 'note', group: 'incident', title: 'Add a note to the incident', hint: 'n', run: () => focusFirst('[aria-label="Add a note to the incident"]') });
      add({ id: 'export', group: 'incident', title: 'Export the incident timeline as Markdown', run: () => document.querySelector<HTMLButtonElement>('.incident-timeline-head button')?.click() });
      add({ id: 'end', group: 'incident', title: 'End the incident', run: () => void store.end(Date.now()).catch(() => {}) });
    } else {
      add({ id: 'start', group: 'incident', title: 'Start an incident (at the time cursor)', hint: 'i', run: () => focusFirst('[aria-label="Incident name"]') });
    }
    add({ id: 'cursor', group: 'cursor', title: 'Move the time cursor with the arrow keys', hint: 't', run: enterCursorMode });
    if (cursor.at !== null) add({ id: 'cursor-clear', group: 'cursor', title: 'Clear the time cursor', hint: 'Esc', run: () => cursor.set(null) });
    for (const [title, minutes] of RANGES) {
      add({
        id: `range-${minutes}`,
        group: 'range',
        title,
        run: () => {
          if (currentDashboard) window.location.hash = formatHashLink({ dashboardId: currentDashboard, rangeMinutes: minutes });
          else void update({ rangeMinutes: minutes }).catch(() => {});
        },
        hint: formatRangeParam(minutes),
      });
    }
    for (const { dashboard } of dashboards.data ?? []) {
      add({ id: `dashboard-${dashboard.id}`, group: 'dashboard', title: `Open dashboard ${dashboard.title}`, run: () => (window.location.hash = formatHashLink({ dashboardId: dashboard.id })) });
      if (dashboard.id !== currentDashboard) continue;
      for (const panel of dashboard.panels) {
        add({ id: `panel-${panel.title}`, group: 'panel', title: `Go to panel ${panel.title}`, run: () => focusFirst(`[data-testid="chart-panel"][aria-label="${CSS.escape(panel.title)}"]`) });
      }
    }
    for (const { source } of sources.data ?? []) {
      // At the time cursor when one is set, else the live tail: the log viewer's own navigation.
      add({ id: `logs-${source.id}`, group: 'logs', title: `Logs: ${source.host} ${source.name}`, hint: source.service, run: () => openLogsAt({ service: null, sourceIds: [source.id], at: cursor.at }) });
    }
    for (const flag of flags.data?.flags ?? []) {
      for (const env of flag.environments.filter((e) => e.production)) {
        const intent = env.enabled ? 'off' : 'on';
        add({ id: `flag-${flag.key}-${env.name}`, group: 'flag', title: `Turn ${intent} ${flag.key} in ${env.name}`, hint: `${env.enabled ? 'on' : 'off'} now · ${flag.type}`, run: () => requestFlip({ key: flag.key, environment: env.name, intent }) });
      }
    }
    add({ id: 'help', group: 'help', title: 'Keyboard shortcuts', hint: '?', run: openHelp });
    return list;
  }, [update, cursor, store, requestFlip, flags.data, dashboards.data, sources.data, info.data, openHelp, enterCursorMode]);

  return { commands, loading: open && flags.loading };
}
