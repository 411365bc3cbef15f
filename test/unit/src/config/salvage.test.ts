import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { salvage } from '../../../../src/config/salvage';

const Item = z.object({ id: z.string(), parts: z.array(z.number()).min(1).max(3) }).strict();
const File = z.object({ items: z.array(Item).max(4), mode: z.enum(['a', 'b']) }).strict();

describe('salvaging a stored file', () => {
  it('leaves out the smallest bad item, and names each by its place in the file, however many went before it', () => {
    // Taken out from the last to the first, so no item shifts into the place of one still to go.
    const raw = {
      mode: 'a',
      items: [
        { id: 'one', parts: [1, 'x', 2] },
        { id: 2, parts: [1] },
        { id: 'three', parts: ['only bad'] },
        { id: 'four', parts: [4] },
      ],
    };
    const { value, repairs } = salvage(File, raw);
    // 'one' loses its bad parts; 'two' (a bad id) goes; 'three' goes once its only part went.
    expect(value).toEqual({ mode: 'a', items: [{ id: 'one', parts: [1, 2] }, { id: 'four', parts: [4] }] });
    expect(repairs.map((r) => [r.issue.path.join('.'), r.at.join('.'), r.done])).toEqual([
      ['items.0.parts.1', 'items.0.parts.1', 'left out'],
      ['items.1.id', 'items.1', 'left out'],
      ['items.2.parts.0', 'items.2.parts.0', 'left out'],
      // Found in the second round, when it was the second item: still the third in the file.
      ['items.2.parts', 'items.2', 'left out'],
    ]);
  });

  it('cuts lists to their maximum, ignores unknown fields, and falls back to a default outside any list', () => {
    const raw = { mode: 'c', extra: true, items: Array.from({ length: 6 }, (_, i) => ({ id: `i${i}`, parts: [i] })) };
    const { value, repairs } = salvage(File, raw, { mode: 'b' });
    expect(value).toEqual({ mode: 'b', items: raw.items.slice(0, 4) });
    expect(repairs.map((r) => r.done).sort()).toEqual(['ignored', 'kept the first 4 of 6', 'the default ("b") is used']);
    expect(raw.items).toHaveLength(6); // what was read is left as it was
  });

  it('keeps nothing from a file that is not an object at all', () => {
    expect(salvage(File, ['not', 'an', 'object']).value).toBeNull();
  });
});
