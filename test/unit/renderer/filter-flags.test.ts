import { describe, expect, it } from 'vitest';

import type { FlagFilter } from '../../../renderer/features/flags/filter-flags';
import { filterFlags, noFilter } from '../../../renderer/features/flags/filter-flags';
import { manyFlags } from './harness';

describe('the flag search over 10,000 flags', () => {
  it('typing on, deleting and changing words always finds exactly what a search from scratch finds, pins first', () => {
    const flags = manyFlags(10_000);
    let pinned: ReadonlySet<string> = new Set([flags[42]!.key, flags[9_000]!.key]);
    const search = (filter: Partial<FlagFilter>) => filterFlags(flags, { ...noFilter, ...filter }, pinned, 'production').map((f) => f.key);
    // A copy of the list has no earlier search to narrow from.
    const fromScratch = (filter: Partial<FlagFilter>) => filterFlags([...flags], { ...noFilter, ...filter }, pinned, 'production').map((f) => f.key);
    const typed = ['c', 'ch', 'checkout', 'checkout ', 'checkout f', 'checkout fl', 'checkout flag-1', 'checkout flag-', 'flag-1', 'flag-12', 'ag-12', 'team', 'team 9', ''];
    for (const text of typed) expect(search({ text })).toEqual(fromScratch({ text }));
    expect(search({ text: 'flag-9' })).toContain(flags[9_000]!.key);
    // Another filter, or other pins, is never narrowed from the last search.
    expect(search({ text: 'flag-9', type: 'kill-switch' })).toEqual(fromScratch({ text: 'flag-9', type: 'kill-switch' }));
    expect(search({ text: 'flag-90' })).toEqual(fromScratch({ text: 'flag-90' }));
    pinned = new Set([...pinned, flags[9_001]!.key]);
    const repinned = search({ text: 'flag-900' });
    expect(repinned).toEqual(fromScratch({ text: 'flag-900' }));
    expect(repinned.slice(0, 2)).toEqual([flags[9_000]!.key, flags[9_001]!.key]);
  });
});
