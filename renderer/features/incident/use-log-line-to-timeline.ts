import { useEffect } from 'react';

import type { IncidentStore } from './use-incident-store';
import { useLogsNavigation } from '../logs/logs-navigation';

/** ANSI colour codes are styling in the viewer; in a post-mortem they would be noise. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * While an incident is open, every log line in the viewer offers "Add to the incident timeline"
 * (the log viewer's own line-action hook), so the lines that matter collect with the changes.
 */
export function useLogLineToTimeline(store: IncidentStore): void {
  const navigation = useLogsNavigation();
  const open = store.current !== null;
  const { put } = store;
  useEffect(() => {
    if (!open) return;
    return navigation.addLineAction({
      id: 'incident-timeline',
      label: 'Add to the incident timeline',
      run: (line, source) =>
        void put({
          id: `log:${line.sourceId}:${line.seq}`,
          at: line.at ?? Date.now(),
          kind: 'log-line',
          text: line.text.replace(ANSI, '').slice(0, 4_000) || '(empty line)',
          who: source ? `${source.name}` : line.sourceId,
          link: null,
        }).catch(() => {}),
    });
  }, [navigation, open, put]);
}
