// The onset method (renderer/features/graphs/onset.ts) on graphs a real graphite-web 1.1.8 draws
// from points sent to a real carbon: steps, a ramp, a spike, a noisy flat series, gaps and a
// panel of several services (test/support/onset-shapes.ts). With OPS_RECORD_ONSET_SHAPES=1 it
// writes what graphite-web answered to test/fixtures/onset-shapes.json for the unit test.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect } from 'vitest';

import type { GraphiteDefinition } from '../../src/contract/backend-definitions';
import type { Series } from '../../src/contract/wire-types';
import { createGraphiteMetricsSource } from '../../src/graphite/graphite-metrics-source';
import { expectOnsets } from '../support/onset-expectations';
import { AFTER, BEFORE, carbonLines, MINUTE, ONSET_SHAPES, shapeTargets } from '../support/onset-shapes';
import { useRealGraphite } from './support/live-graphite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const signal = new AbortController().signal;

let t0 = 0;
const drawn = new Map<string, Series[]>();

const { live } = useRealGraphite(async (real) => {
  const graphite: GraphiteDefinition = { id: 'it', kind: 'graphite', name: 'Graphite (integration)', url: real.url, auth: { type: 'none' } };
  // The newest minute ends at the start of this one, so every bucket sent is a whole one.
  t0 = Math.floor(Date.now() / MINUTE) * MINUTE;
  const lines = carbonLines(t0);
  await real.send(lines);
  const metrics = createGraphiteMetricsSource(graphite, { reveal: () => undefined });
  // graphite-web starts after `from`: a minute earlier draws the first minute sent.
  const render = (targets: string[]) => metrics.render({ targets, from: t0 - (BEFORE + AFTER + 1) * MINUTE, until: t0, maxDataPoints: 1000 }, signal);
  const deadline = Date.now() + 30_000;
  // Carbon writes asynchronously: wait until graphite-web draws every point sent.
  for (;;) {
    drawn.clear();
    for (const shape of ONSET_SHAPES) drawn.set(shape.name, await render(shapeTargets(shape)));
    const points = [...drawn.values()].flat().flatMap((s) => s.values).filter((v) => v !== null).length;
    if (points === lines.length) break;
    if (Date.now() > deadline) throw new Error(`graphite-web drew ${points} of the ${lines.length} points sent within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (process.env.OPS_RECORD_ONSET_SHAPES === '1') {
    mkdirSync(path.join(root, 'test/fixtures'), { recursive: true });
    const recorded = { recordedFrom: 'graphite-web 1.1.8 + carbon (Debian 12), 60 s buckets', t0, shapes: Object.fromEntries(drawn) };
    writeFileSync(path.join(root, 'test/fixtures/onset-shapes.json'), `${JSON.stringify(recorded)}\n`);
  }
});

describe('the onset of an anomaly on graphs drawn by a real graphite-web', () => {
  for (const shape of ONSET_SHAPES) {
    live(`${shape.name}: every click inside the anomaly finds its start, no click elsewhere finds one`, () => {
      const series = drawn.get(shape.name)!;
      expect(series.map((s) => s.name).sort()).toEqual(shapeTargets(shape).sort());
      expectOnsets(shape, series, t0);
    });
  }
});
