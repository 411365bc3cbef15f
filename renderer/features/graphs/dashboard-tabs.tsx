import { useRef } from 'react';
import type { KeyboardEvent } from 'react';

import type { DashboardEntry } from '../../../src/contract/backend-definitions';

export type DashboardTabsProps = {
  entries: readonly DashboardEntry[];
  selected: string;
  onSelect: (id: string) => void;
};

/** One tab per dashboard; arrow keys move between them, as in every tab strip. */
export function DashboardTabs({ entries, selected, onSelect }: DashboardTabsProps) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const at = entries.findIndex((e) => e.dashboard.id === selected);
    const next = entries[(at + (event.key === 'ArrowRight' ? 1 : entries.length - 1)) % entries.length];
    if (!next) return;
    event.preventDefault();
    onSelect(next.dashboard.id);
    const tabs = list.current?.querySelectorAll<HTMLElement>('[role="tab"]') ?? [];
    Array.from(tabs)
      .find((tab) => tab.dataset.id === next.dashboard.id)
      ?.focus();
  };
  return (
    <div ref={list} className="dashboard-tabs" role="tablist" aria-label="Dashboards" onKeyDown={onKeyDown}>
      {entries.map(({ dashboard }) => {
        const active = dashboard.id === selected;
        return (
          <button
            key={dashboard.id}
            type="button"
            role="tab"
            data-id={dashboard.id}
            aria-selected={active}
            tabIndex={active ? 0 : -1}
            className={`dashboard-tab${active ? ' active' : ''}`}
            onClick={() => onSelect(dashboard.id)}
          >
            {dashboard.title}
          </button>
        );
      })}
    </div>
  );
}
