import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type { Series } from '../../../src/contract/wire-types';
import { findOnset, findPanelOnset, robustLevel } from '../../../renderer/features/graphs/onset';
import { expectOnsets } from '../../support/onset-expectations';
import { ONSET_SHAPES } from '../../support/onset-shapes';

// The onset method on the shapes a real graphite-web drew (recorded by
// test/integration/onset-shapes.test.ts with OPS_RECORD_ONSET_SHAPES=1, which also checks them
// live), and on the edges a recording does not reach.

const here = path.dirname(fileURLToPath(import.meta.url));
const recorded = JSON.parse(readFileSync(path.join(here, '../../fixtures/onset-shapes.json'), 'utf8')) as { t0: number; shapes: Record<string, Series[]> };

describe('the onset of an anomaly, on graphs recorded from a real graphite-web', () => {
  for (const shape of ONSET_SHAPES) {
    it(`${shape.name}: every click inside the anomaly finds its start, no click elsewhere finds one`, () => {
      expectOnsets(shape, recorded.shapes[shape.name]!, recorded.t0);
    });
  }
});

const STEP = 10_000;
/** A 10 s series from `values`, starting at 0. */
const series = (values: (number | null)[], name = 's'): Series => ({ target: name, name, timestamps: values.map((_, i) => i * STEP), values });
const flat = (n: number, level = 5) => Array.from({ length: n }, (_, i) => level + ((i * 7) % 5) * 0.1);

describe('the onset method at its edges', () => {
  it('a perfectly flat series that steps: the step is out of line though its spread is zero', () => {
    const s = series([...Array<number>(40).fill(0), 3, 3, 3, 3]);
    expect(findOnset(s, 42 * STEP + 5_000)).toMatchObject({ at: 40 * STEP, direction: 'up', level: 0 });
  });

  it('one bucket out of line is a blip, not an anomaly', () => {
    const s = series([...flat(40), 50, ...flat(10)]);
    expect(findOnset(s, 40 * STEP + 1_000)).toBeNull();
  });

  it('a fall is found as well as a rise', () => {
    const s = series([...flat(40, 100), 20, 21, 19, 20]);
    expect(findOnset(s, 43 * STEP)).toMatchObject({ at: 40 * STEP, direction: 'down' });
  });

  it('too little history to know the level: no onset', () => {
    expect(findOnset(series([1, 1, 1, 9, 9, 9]), 4 * STEP)).toBeNull();
  });

  it('a click on the newest bucket, still empty, reads the one before it', () => {
    const s = series([...flat(40), 30, 31, 30, null]);
    expect(findOnset(s, 43 * STEP + 4_000)).toMatchObject({ at: 40 * STEP });
  });

  it('data that starts inside the anomaly: the onset is where the data starts, marked as after a gap', () => {
    const s = series([...flat(30), null, null, null, null, 30, 31, 30, 31]);
    expect(findOnset(s, 36 * STEP)).toMatchObject({ at: 34 * STEP, afterGap: true });
  });

  it('a click long after a series ended finds nothing there', () => {
    const s = series([...flat(40), 30, 31, 30, 31]);
    expect(findOnset(s, 60 * STEP)).toBeNull();
  });

  it('on a panel of several series, the one in trouble at the click is the one named', () => {
    const quiet = series([...flat(40), ...flat(5)], 'web');
    const bad = series([...flat(40), 9, 9, 9, 9, 9], 'checkout');
    expect(findPanelOnset([quiet, bad], 43 * STEP)).toMatchObject({ series: 'checkout', at: 40 * STEP });
    expect(findPanelOnset([quiet, bad], 20 * STEP)).toBeNull();
  });

  it('two series out of line at once: the one whose line is under the pointer is the one clicked, else the one furthest out', () => {
    const web = series([...flat(40), 20, 20, 20, 20, 20], 'web');
    const checkout = series([...flat(40), 9, 9, 9, 9, 9], 'checkout');
    expect(findPanelOnset([web, checkout], 43 * STEP)?.series).toBe('web');
    expect(findPanelOnset([web, checkout], 43 * STEP, { value: 9.5, tolerance: 1 })?.series).toBe('checkout');
    // Between the lines, on neither: the one furthest out.
    expect(findPanelOnset([web, checkout], 43 * STEP, { value: 14, tolerance: 1 })?.series).toBe('web');
  });

  it('the spread falls back to the mean absolute deviation when more than half the readings are equal', () => {
    const level = robustLevel([...Array<number>(10).fill(0), 1, 1])!;
    expect(level.median).toBe(0);
    expect(level.spread).toBeGreaterThan(0);
  });
});
