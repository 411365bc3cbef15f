import { useCallback, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

import type { FlagChange, FlagList as FlagListData } from '../../../src/contract/wire-types';
import { useCatalog } from '../../api/catalog-context';
import { useReconnect } from '../../api/ops-client';
import { useSettings } from '../../api/settings-context';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { StaleNotice } from '../../ui/stale-notice';
import { TimeAgo } from '../../ui/time-ago';
import { BulkOffBar } from './bulk-off-bar';
import { environmentsOf, filterFlags, isFiltering, isPin, noFilter } from './filter-flags';
import type { FlagFilter } from './filter-flags';
import { FlagFilters } from './flag-filters';
import { FlagList } from './flag-list';
import type { FlagRowActions } from './flag-row';
import { useBulkOff } from './use-bulk-off';
import { useFlagRole } from './use-flag-role';
import { useFlagShortcuts } from './use-flag-shortcuts';
import { nearCursorFirst, useFlipsNearCursor } from './use-flips-near-cursor';
import { useFlips } from './use-flips';
import { usePins } from './use-pins';

export type SwitchboardProps = {
  /** Brings the switchboard into view (from the audit log) when one of its shortcuts is pressed. */
  onReveal: () => void;
};

/** Every flag with a switch per environment; flips go through the guard and show only what the service confirmed. */
export function Switchboard({ onReveal }: SwitchboardProps) {
  const { settings } = useSettings();
  const { version } = useCatalog();
  const flags = useOpsQuery<FlagListData>(`flags|${version}`, (c) => c.request('flags.list', {}), { refreshSeconds: settings.autoRefreshSeconds });
  const { refetch, setData } = flags;
  // Another console (or a person in the flag service's UI) may flip too.
  useOpsEvent('flags.changed', refetch);
  useReconnect(refetch);

  // Show the state the service re-read after the write at once; the refetch then brings the rest.
  const onFlipped = useCallback(
    (change: FlagChange) => {
      setData((list) => applyChange(list, change));
      refetch();
    },
    [setData, refetch],
  );
  const flips = useFlips(onFlipped, refetch);
  const bulk = useBulkOff(flips.send);
  const pins = usePins();
  const readOnly = useFlagRole();

  const [filter, setFilter] = useState<FlagFilter>(noFilter);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  useFlagShortcuts(
    {
      search: () => (flushSync(onReveal), search.current?.focus(), search.current?.select()),
      pins: () => (onReveal(), setFilter((f) => ({ ...f, pinsOnly: !f.pinsOnly }))),
    },
    list,
  );

  const all = useMemo(() => flags.data?.flags ?? [], [flags.data]);
  const environments = useMemo(() => environmentsOf(all), [all]);
  const types = useMemo(() => [...new Set(all.map((f) => f.type))].sort(), [all]);
  const tags = useMemo(() => [...new Set(all.flatMap((f) => f.tags))].sort(), [all]);
  const near = useFlipsNearCursor();
  const shown = useMemo(
    () => nearCursorFirst(filterFlags(all, filter, pins.pinned, environments[0]), near, (flag) => isPin(flag, pins.pinned)),
    [all, filter, pins.pinned, environments, near],
  );

  const { open, submit, cancel, dismiss } = flips;
  const actions = useMemo<FlagRowActions>(
    () => ({
      open,
      submit,
      cancel,
      dismiss,
      togglePin: pins.togglePin,
      toggleSelected: bulk.toggleSelected,
      reload: (key) => (dismiss(key), refetch()),
    }),
    [open, submit, cancel, dismiss, pins.togglePin, bulk.toggleSelected, refetch],
  );
  // Something to set up (no flag service, or its token is not set), not a failure to retry: the
  // core's message says what and where.
  const setup = flags.error?.code === 'not_configured' ? flags.error : null;

  return (
    <div className="switchboard" ref={list}>
      {setup ? (
        <p className="not-configured" data-testid="not-configured" role="status">
          {setup.message}
        </p>
      ) : (
        flags.error &&
        flags.errorAt !== null && <StaleNotice what="Flag service" error={flags.error} errorAt={flags.errorAt} fetchedAt={flags.data ? flags.fetchedAt : null} />
      )}
      {!flags.data && flags.loading && <p className="muted">Loading flags…</p>}
      {flags.data && (
        <>
          <FlagFilters filter={filter} onChange={setFilter} types={types} tags={tags} environments={environments} shown={shown.length} total={all.length} searchRef={search} />
          <BulkOffBar
            all={all}
            selected={bulk.selected}
            environments={environments}
            run={bulk.run}
            readOnly={readOnly}
            onSelectMany={bulk.selectMany}
            onClear={bulk.clear}
            onStart={(chosen, env, reason) => void bulk.start(chosen, env, reason)}
          />
          {pins.error && <ErrorText error={pins.error} prefix="Pin not saved" />}
          {readOnly && (
            <p className="read-only-note muted small" role="note">
              {readOnly}
            </p>
          )}
          {shown.length === 0 && isFiltering(filter) ? (
            <p className="muted">No flag matches these filters.</p>
          ) : (
            <FlagList
              flags={shown}
              environments={environments}
              pinned={pins.pinned}
              nearCursor={near}
              selected={bulk.selected}
              confirming={flips.confirming}
              pending={flips.pending}
              problems={flips.problems}
              readOnly={readOnly}
              focusRequest={flips.focusRequest}
              actions={actions}
            />
          )}
          <p className="muted small flags-listed">
            listed <TimeAgo at={flags.data.fetchedAt} />
          </p>
        </>
      )}
    </div>
  );
}

function applyChange(list: FlagListData | undefined, change: FlagChange): FlagListData {
  if (!list) return { flags: [], fetchedAt: change.at };
  return {
    ...list,
    flags: list.flags.map((flag) =>
      flag.key !== change.key
        ? flag
        : {
            ...flag,
            updatedAt: change.at,
            updatedBy: change.by,
            environments: flag.environments.map((env) => (env.name === change.environment ? { ...env, ...change.after } : env)),
          },
    ),
  };
}
