// The Graphite adapters against a real graphite-web 1.1.8 + carbon-cache from Debian 12 packages,
// started and stopped here by backends/graphite-backend.sh (everything in a fresh temp dir, on
// free 127.0.0.1 ports). The same behaviours are tested against the demo server in test/unit;
// this file proves the real server agrees. Packages: backends/graphite-provision.mjs.
import { describe, expect } from 'vitest';

import type { GraphiteDefinition } from '../../src/contract/backend-definitions';
import type { FlagChange, Series } from '../../src/contract/wire-types';
import { flipMarker } from '../../src/deploys/flip-marker';
import { createGraphiteChangeRecorder } from '../../src/deploys/graphite-change-recorder';
import { createGraphiteEventsSource } from '../../src/deploys/graphite-events-source';
import { createGraphiteSeriesSource } from '../../src/deploys/graphite-series-source';
import { createGraphiteClient } from '../../src/graphite/graphite-client';
import { createGraphiteMetricsSource } from '../../src/graphite/graphite-metrics-source';
import { useRealGraphite } from './support/live-graphite';
import { eventually } from './support/real-graphite';
import type { RealGraphite } from './support/real-graphite';

const MINUTE = 60_000;
const noSecrets = { reveal: () => undefined };
const signal = new AbortController().signal;

// What is seeded, in minutes before T0 (the start of the minute the seeding ran in). Carbon keeps
// one point per minute, so each value lands in exactly one bucket.
const SEEDED_MINUTES = 30;
const GAP = 10; // web-1 sends nothing this minute
const web1 = (minutesAgo: number): number | null => (minutesAgo === GAP ? null : minutesAgo);
const web2 = (minutesAgo: number): number => 100 + 2 * minutesAgo;
const DEPLOYS = { web: [25, 3], api: [12] };

let T0 = 0;
let graphite: GraphiteDefinition;

/** Seeds what the tests read into the graphite-web + carbon started for this file. */
async function seed(real: RealGraphite): Promise<void> {
  graphite = { id: 'it', kind: 'graphite', name: 'Graphite (integration)', url: real.url, auth: { type: 'none' } };

  T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
  const at = (minutesAgo: number, seconds = 0) => (T0 - minutesAgo * MINUTE) / 1000 + seconds;
  const lines: string[] = [];
  for (let i = 1; i <= SEEDED_MINUTES; i++) {
    const one = web1(i);
    if (one !== null) lines.push(`web.web-1.requests ${one} ${at(i)}`);
    lines.push(`web.web-2.requests ${web2(i)} ${at(i)}`);
  }
  // Etsy-style deploy counters: 1 at each deploy minute, nothing elsewhere.
  for (const [service, minutes] of Object.entries(DEPLOYS)) for (const i of minutes) lines.push(`deploys.${service} 1 ${at(i)}`);
  await real.send(lines);

  // The deploys, as deploy scripts and our own client record them, a few seconds into those minutes.
  // A deploy script posting the way they usually do: tags as one space-separated string.
  await real.postEvent({ what: 'deploy web 1.4.2', tags: 'deploy web', data: 'who=alice sha=abc123 link=https://ci.example/builds/812', when: at(25, 7) });
  await real.postEvent({ what: 'deploy api 877', tags: 'deploy api', data: 'who=carol sha=d4e5f6', when: at(12, 30) });
  await createGraphiteClient(graphite, noSecrets).postEvent(
    { what: 'deploy web 1.4.3', tags: ['deploy', 'web'], data: JSON.stringify({ by: 'bob', link: 'javascript:alert(1)' }), when: at(3, 2) },
    AbortSignal.timeout(5_000),
  );

  // Carbon takes the lines asynchronously: wait until graphite-web renders every seeded point.
  const expectedPoints = 2 * SEEDED_MINUTES - 1 + DEPLOYS.web.length + DEPLOYS.api.length;
  const client = createGraphiteClient(graphite, noSecrets);
  await eventually('graphite-web did not return every seeded point', async () => {
    const series = await client.render({ targets: ['web.*.requests', 'deploys.*'], from: T0 - (SEEDED_MINUTES + 1) * MINUTE, until: T0 }, signal);
    const points = series.flatMap((s) => s.values).filter((v) => v !== null).length;
    return points === expectedPoints ? true : undefined;
  });
}

const { live } = useRealGraphite(seed);

const metrics = () => createGraphiteMetricsSource(graphite, noSecrets);
const render = (targets: string[], maxDataPoints = 1000) => metrics().render({ targets, from: T0 - SEEDED_MINUTES * MINUTE, until: T0, maxDataPoints }, signal);
/** Minutes before T0 of a rendered timestamp. */
const minutesAgo = (at: number) => (T0 - at) / MINUTE;
const valueAt = (series: Series, minutes: number) => series.values[series.timestamps.indexOf(T0 - minutes * MINUTE)];

describe('graphs rendered by a real graphite-web', () => {
  live('draws each host at the minutes carbon got its points, in epoch milliseconds, and sums them with sumSeries', async () => {
    const [h1, h2, sum] = await render(['web.web-1.requests', 'web.web-2.requests', 'sumSeries(web.*.requests)']);
    expect([h1!.name, h2!.name, sum!.name]).toEqual(['web.web-1.requests', 'web.web-2.requests', 'sumSeries(web.*.requests)']);
    for (const series of [h1!, h2!, sum!]) {
      // Every minute of the range, one step apart, in milliseconds (seconds would be ~1.8e9).
      expect(series.timestamps.every((t) => t % MINUTE === 0 && t > T0 - (SEEDED_MINUTES + 1) * MINUTE && t <= T0)).toBe(true);
      expect(new Set(series.timestamps.slice(1).map((t, i) => t - series.timestamps[i]!))).toEqual(new Set([MINUTE]));
      expect(series.timestamps.length).toBeGreaterThanOrEqual(SEEDED_MINUTES);
    }
    // The still-open minute (T0) has no point yet.
    expect(h1!.values).toEqual(h1!.timestamps.map((t) => (t < T0 ? web1(minutesAgo(t)) : null)));
    expect(h2!.values).toEqual(h2!.timestamps.map((t) => (t < T0 ? web2(minutesAgo(t)) : null)));
    for (let i = 1; i < SEEDED_MINUTES; i++) {
      if (i !== GAP) expect(valueAt(sum!, i)).toBeCloseTo(web1(i)! + web2(i), 9);
    }
  });

  live('keeps a minute carbon never got as a gap, not a zero, and so the still-open minute', async () => {
    const [h1] = await render(['web.web-1.requests']);
    expect(valueAt(h1!, GAP)).toBeNull();
    expect([valueAt(h1!, GAP + 1), valueAt(h1!, GAP - 1)]).toEqual([GAP + 1, GAP - 1]);
    expect(h1!.timestamps.at(-1)).toBe(T0);
    expect(h1!.values.at(-1)).toBeNull();
  });

  live("gives one host's share of the traffic with asPercent, named as asked", async () => {
    const target = 'asPercent(web.web-1.requests,sumSeries(web.*.requests))';
    const [share] = await render([target]);
    expect(share!.name).toBe(target);
    for (let i = 1; i < SEEDED_MINUTES; i++) {
      if (i !== GAP) expect(valueAt(share!, i)).toBeCloseTo((100 * web1(i)!) / (web1(i)! + web2(i)), 9);
    }
  });

  live('names series by aliasByNode for the legend, and keeps them apart', async () => {
    const series = await render(['aliasByNode(web.*.requests,1)']);
    expect(series.map((s) => s.name)).toEqual(['web-1', 'web-2']);
    expect(new Set(series.map((s) => s.target)).size).toBe(2);
    expect(valueAt(series[1]!, 5)).toBe(web2(5));
  });

  live('never returns more points than maxDataPoints asks for, at an even step', async () => {
    const [sum] = await render(['sumSeries(web.*.requests)'], 10);
    expect(sum!.timestamps.length).toBeGreaterThan(0);
    expect(sum!.timestamps.length).toBeLessThanOrEqual(10);
    const steps = new Set(sum!.timestamps.slice(1).map((t, i) => t - sum!.timestamps[i]!));
    expect(steps.size).toBe(1);
    expect([...steps][0]! % MINUTE).toBe(0);
  });
});

describe("graphite-web's refusals, as a person reads them", () => {
  live('names the function Graphite does not know, without its raw answer', async () => {
    const failure = render(['sumSeriess(web.*.requests)']);
    await expect(failure).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(failure).rejects.toThrow(
      'Graphite (integration) rejected the target "sumSeriess(web.*.requests)": Received request for unknown function: sumSeriess.',
    );
  });

  live('explains a target Graphite cannot parse with the parser\'s own words, not its HTML traceback page', async () => {
    const failure = render(['((']);
    await expect(failure).rejects.toMatchObject({ code: 'backend_unavailable' });
    await expect(failure).rejects.toThrow(
      /^Graphite \(integration\) could not evaluate the target "\(\(" \(server error 500\); it said "pyparsing\.exceptions\.ParseException: [^"]*"\. Check the syntax and the function arguments\.$/,
    );
    await expect(failure).rejects.not.toThrow(/<|&lt;|&#|Traceback/);
  });

  live('returns no series for a target Graphite only half-parses, as it cannot tell that from no data', async () => {
    expect(await render(['sumSeries(('])).toEqual([]);
  });
});

describe('the metric tree', () => {
  live('lists the top level, then each branch, with leaves marked', async () => {
    const client = createGraphiteClient(graphite, noSecrets);
    expect(await client.find('*', signal)).toEqual([
      { id: 'deploys', text: 'deploys', leaf: false },
      { id: 'web', text: 'web', leaf: false },
    ]);
    expect(await client.find('web.*', signal)).toEqual([
      { id: 'web.web-1', text: 'web-1', leaf: false },
      { id: 'web.web-2', text: 'web-2', leaf: false },
    ]);
    expect(await client.find('web.web-1.*', signal)).toEqual([{ id: 'web.web-1.requests', text: 'requests', leaf: true }]);
    expect(await client.find('nothing.here.*', signal)).toEqual([]);
  });
});

describe('deploy and flip markers', () => {
  const events = (tags: string[], kind: 'deploy' | 'flip') =>
    createGraphiteEventsSource({ id: `events-${kind}`, name: `${kind}s from Graphite`, graphite, tags, kind, now: () => T0 }, noSecrets);

  live('marks every deploy posted to the events API with who and what, by service', async () => {
    const web = await events(['deploy', 'web'], 'deploy').list(T0 - SEEDED_MINUTES * MINUTE, T0, signal);
    expect(web).toEqual([
      {
        id: expect.stringMatching(/^graphite-event:\d+$/),
        kind: 'deploy',
        at: T0 - 25 * MINUTE + 7_000,
        who: 'alice',
        what: 'deploy web 1.4.2',
        link: 'https://ci.example/builds/812',
        tags: ['deploy', 'web'],
      },
      // A link that is not http(s) is dropped, so a click cannot run it.
      { id: expect.stringMatching(/^graphite-event:\d+$/), kind: 'deploy', at: T0 - 3 * MINUTE + 2_000, who: 'bob', what: 'deploy web 1.4.3', link: null, tags: ['deploy', 'web'] },
    ]);
    const all = await events(['deploy'], 'deploy').list(T0 - SEEDED_MINUTES * MINUTE, T0, signal);
    expect(all.map((m) => [m.who, m.tags])).toEqual([
      ['alice', ['deploy', 'web']],
      ['carol', ['deploy', 'api']],
      ['bob', ['deploy', 'web']],
    ]);
    // graphite-web ignores a tag no event carries and would list every deploy: the source does not.
    expect(await events(['deploy', 'billing'], 'deploy').list(T0 - SEEDED_MINUTES * MINUTE, T0, signal)).toEqual([]);
  });

  live('gives a recorded flag flip back as the same flip marker, saying who flipped it and why', async () => {
    const flip: FlagChange = {
      key: 'checkout-new-tax',
      environment: 'production',
      before: { enabled: true, audience: 'everyone', rolloutPercent: null },
      after: { enabled: false, audience: 'everyone', rolloutPercent: null },
      at: T0 - 90_500,
      by: 'hammond',
      reason: 'checkout 5xx since the 13:52 deploy',
      via: 'console',
    };
    const recorder = createGraphiteChangeRecorder(graphite, noSecrets, () => T0);
    await expect(recorder.check(signal)).resolves.toBe("Graphite (integration)'s events API answered: 0 flag flips recorded in the last 24 h.");
    await recorder.record(flip, signal);
    const markers = await events(['flag'], 'flip').list(T0 - 5 * MINUTE, T0, signal);
    expect(markers).toEqual([
      {
        // The identity of the marker the core drew when the flip was confirmed, so it shows once.
        id: flipMarker(flip).id,
        kind: 'flip',
        // graphite-web keeps whole seconds.
        at: Math.floor(flip.at / 1000) * 1000,
        who: 'hammond',
        // Word for word what the live marker says, and what Grafana shows from the same event.
        what: 'flag checkout-new-tax on for everyone → off in production: checkout 5xx since the 13:52 deploy',
        link: null,
        tags: ['flag', 'checkout-new-tax', 'production'],
      },
    ]);
    expect(await events(['deploy'], 'deploy').list(T0 - 5 * MINUTE, T0, signal)).not.toContainEqual(expect.objectContaining({ kind: 'flip' }));
    await expect(recorder.check(signal)).resolves.toBe("Graphite (integration)'s events API answered: 1 flag flip recorded in the last 24 h.");
  });

  live('finds the deploys in deploys.* counter series, at their minutes, tagged with the service', async () => {
    const series = (target: string) => createGraphiteSeriesSource({ id: 'deploy-series', name: 'Deploy counters', graphite, target, now: () => T0 }, noSecrets);
    const from = T0 - SEEDED_MINUTES * MINUTE;
    expect(await series('deploys.web').list(from, T0, signal)).toEqual(
      DEPLOYS.web.map((i) => ({
        id: `graphite-series:deploys.web:${T0 - i * MINUTE}`,
        kind: 'deploy',
        at: T0 - i * MINUTE,
        who: 'unknown',
        what: 'deploys.web',
        link: null,
        tags: ['deploy', 'web'],
      })),
    );
    expect((await series('deploys.*').list(from, T0, signal)).map((m) => [minutesAgo(m.at), m.tags])).toEqual([
      [25, ['deploy', 'web']],
      [12, ['deploy', 'api']],
      [3, ['deploy', 'web']],
    ]);
    const drawn = await series('drawAsInfinite(deploys.web)').list(from, T0, signal);
    expect(drawn.map((m) => [minutesAgo(m.at), m.what, m.tags])).toEqual([
      [25, 'drawAsInfinite(deploys.web)', ['deploy', 'web']],
      [3, 'drawAsInfinite(deploys.web)', ['deploy', 'web']],
    ]);
  });
});

describe('"Test connection" against a real graphite-web', () => {
  live('says what answered: the version and the top of the tree, the deploys and who did the latest', async () => {
    await expect(metrics().check(signal)).resolves.toMatch(/^Graphite 1\.1\.\d+ answered: 2 metrics at the top level \(deploys, web\)\.$/);
    await expect(
      createGraphiteEventsSource({ id: 'deploys', name: 'Deploys', graphite, tags: ['deploy', 'web'], kind: 'deploy', now: () => T0 }, noSecrets).check(signal),
    ).resolves.toBe('Graphite (integration) events answered: 2 deploys tagged "deploy web" in the last 24 h; the latest 3 min ago by bob.');
    await expect(
      createGraphiteSeriesSource({ id: 'deploy-series', name: 'Deploy counters', graphite, target: 'deploys.*', now: () => T0 }, noSecrets).check(signal),
    ).resolves.toBe('Graphite (integration) answered for deploys.*: 3 deploys in the last 24 h; the latest 3 min ago (deploys.web).');
  });
});
