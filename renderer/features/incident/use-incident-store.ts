import { useCallback, useMemo, useRef } from 'react';

import type { Incident, IncidentEntry } from '../../../src/contract/incident-types';
import { useSettings } from '../../api/settings-context';

export interface IncidentStore {
  incidents: readonly Incident[];
  /** The incident being worked (the newest one not ended), if any. */
  current: Incident | null;
  start: (name: string, startedAt: number) => Promise<void>;
  end: (at: number) => Promise<void>;
  /** Adds to the current incident, or replaces the entry with the same id (a recovery that moved on). */
  put: (entry: IncidentEntry) => Promise<void>;
}

/**
 * Incidents live in the settings, so a restart or a crash loses nothing. Writes are applied to
 * the newest list this window knows (its own unsaved changes included), so a note typed while a
 * recovery is being saved is not overwritten by it.
 */
export function useIncidentStore(): IncidentStore {
  const { settings, update } = useSettings();
  const saved = settings.incidents;
  const pending = useRef(0);
  const latest = useRef(saved);
  if (pending.current === 0) latest.current = saved;

  const change = useCallback(
    async (edit: (incidents: Incident[]) => Incident[]) => {
      const next = edit([...latest.current]);
      latest.current = next;
      pending.current += 1;
      try {
        await update({ incidents: next });
      } finally {
        pending.current -= 1;
      }
    },
    [update],
  );

  const current = useMemo(() => [...saved].reverse().find((i) => i.endedAt === null) ?? null, [saved]);

  return useMemo<IncidentStore>(
    () => ({
      incidents: saved,
      current,
      start: (name, startedAt) => change((all) => [...all, { id: `inc-${Date.now().toString(36)}`, name: name.trim(), startedAt, endedAt: null, entries: [] }]),
      end: (at) => change((all) => all.map((i) => (i.endedAt === null ? { ...i, endedAt: Math.max(at, i.startedAt) } : i))),
      put: (entry) =>
        change((all) => {
          const open = all.findLastIndex((i) => i.endedAt === null);
          if (open < 0) return all;
          const incident = all[open]!;
          const entries = incident.entries.some((e) => e.id === entry.id) ? incident.entries.map((e) => (e.id === entry.id ? entry : e)) : [...incident.entries, entry];
          return all.map((i, k) => (k === open ? { ...incident, entries } : i));
        }),
    }),
    [saved, current, change],
  );
}
