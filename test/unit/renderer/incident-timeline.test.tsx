import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Incident } from '../../../src/contract/incident-types';
import type { Marker, Series } from '../../../src/contract/wire-types';
import { incidentMarkdown, timelineRows } from '../../../renderer/features/incident/incident-markdown';
import { firstBreaches } from '../../../renderer/features/incident/breaches';
import { parseMoment } from '../../../renderer/features/incident/parse-moment';
import { describeRecovery, recoveryAround } from '../../../renderer/features/incident/recovery';
import { rankFromOnset } from '../../../renderer/features/graphs/what-changed';
import { findSuspect } from '../../../renderer/features/incident/suspect';
import { formatValue } from '../../../renderer/lib/format-value';
import { renderApp } from './harness';
import type { TestCore } from './harness';

const T = Date.UTC(2026, 10, 23, 14, 0, 0);
const MIN = 60_000;

const deploy = (at: number, what: string, link: string | null = null): Marker => ({ id: `d${at}`, kind: 'deploy', at, who: 'kastner', what, link, tags: ['deploy', 'checkout'] });
const flip = (at: number, key: string, onOff: 'on' | 'off', reason: string, who = 'ops@example.com'): Marker => ({
  id: `f${at}`,
  kind: 'flip',
  at,
  who,
  what: `flag ${key} ${onOff === 'on' ? 'off → on for everyone' : 'on for everyone → off'} in production: ${reason}`,
  link: null,
  tags: ['flag', key, 'production'],
});

const incident: Incident = {
  id: 'inc-1',
  name: 'Checkout errors | tax engine',
  startedAt: T,
  endedAt: null,
  entries: [
    { id: 'n1', at: T + 3 * MIN, kind: 'note', text: 'paged by the error-rate alert\nsecond line', who: null, link: null },
    { id: 'recovery:x', at: T + 2 * MIN + 1, kind: 'recovery', text: 'Checkout error rate: 7.40 % → 0.41 % (−94 %)', who: 'Checkout error rate', link: null },
  ],
};

describe('the incident timeline export', () => {
  const markers = [
    deploy(T - 40 * MIN, 'web: too early to matter'),
    deploy(T - 2.5 * MIN, 'checkout: move tax calculation behind a flag', 'https://ci.example.com/deploys/(42)'),
    flip(T - 2 * MIN, 'checkout.new-tax-engine', 'on', 'ramping the new tax engine to everyone', 'kastner@example.com'),
    flip(T + 2 * MIN, 'checkout.new-tax-engine', 'off', 'INC checkout errors since the ramp'),
  ];

  it('puts the lead-up changes, the start, the flip with its reason and its recovery in time order', () => {
    const rows = timelineRows(incident, markers);
    expect(rows.map((r) => r.kind)).toEqual(['deploy', 'flip', 'start', 'flip', 'recovery', 'note']);
    // The deploy 40 minutes before is outside the 15-minute lead-up.
    expect(rows.some((r) => r.text.includes('too early'))).toBe(false);
  });

  it('writes Markdown a post-mortem can take as is: times, who, what and links, one row per line', () => {
    const md = incidentMarkdown(incident, markers, 'utc', T + 10 * MIN);
    expect(md).toContain('# Incident: Checkout errors \\| tax engine');
    expect(md).toContain('- Started: 2026-11-23 14:00:00 UTC');
    expect(md).toContain('- Ended: ongoing');
    const table = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Time'));
    expect(table).toEqual([
      '| 13:57:30 | kastner | ▲ Deploy: checkout: move tax calculation behind a flag ([link](https://ci.example.com/deploys/%2842%29)) |',
      '| 13:58:00 | kastner@example.com | ◆ Flip: flag checkout.new-tax-engine off → on for everyone in production: ramping the new tax engine to everyone |',
      '| 14:00:00 | — | ● Incident started: Checkout errors \\| tax engine |',
      '| 14:02:00 | ops@example.com | ◆ Flip: flag checkout.new-tax-engine on for everyone → off in production: INC checkout errors since the ramp |',
      '| 14:02:00 | Checkout error rate | ✓ Recovery: Checkout error rate: 7.40 % → 0.41 % (−94 %) |',
      '| 14:03:00 | — | ✎ Note: paged by the error-rate alert second line |',
    ]);
  });

  it('never writes a link that is not a web address', () => {
    const md = incidentMarkdown(incident, [deploy(T - MIN, 'x', 'javascript:alert(1)')], 'utc', T);
    expect(md).not.toContain('javascript:');
  });

  it('an ended incident stops at its end and says when that was', () => {
    const ended = { ...incident, endedAt: T + 4 * MIN };
    const md = incidentMarkdown(ended, [...markers, deploy(T + 6 * MIN, 'checkout: after the end')], 'utc', T + 10 * MIN);
    expect(md).toContain('- Ended: 2026-11-23 14:04:00 UTC');
    expect(md.trim().split('\n').at(-1)).toBe('| 14:04:00 | — | ● Incident ended: Checkout errors \\| tax engine |');
    expect(md).not.toContain('after the end');
  });
});

describe('the suspect of an anomaly', () => {
  const STEP = 10_000;
  /** The anomaly started in the bucket labelled T. */
  const onset = { at: T, step: STEP };
  const webDeploy = (at: number): Marker => ({ ...deploy(at, 'web: cache thumbnails'), id: `w${at}`, tags: ['deploy', 'web'] });

  it('is the change just before the onset: a flip inside the onset bucket counts, one a bucket later does not', () => {
    const drillOff = flip(T - 20 * MIN, 'checkout.new-tax-engine', 'off', 'drill');
    const ramp = flip(T + 7_000, 'checkout.new-tax-engine', 'on', 'ramp');
    const markers = [drillOff, deploy(T - 30_000, 'checkout: move tax calculation behind a flag'), ramp, flip(T + 40_000, 'search.kill-suggestions', 'on', 'reacting')];
    expect(findSuspect(markers, onset, 'checkout')).toMatchObject({ kind: 'flip', lever: 'off', flip: { key: 'checkout.new-tax-engine', turnedOn: true, marker: { at: T + 7_000 } } });
    expect(rankFromOnset(markers, onset, 'checkout').map((m) => m.at)).toEqual([T + 7_000, T - 30_000, T - 20 * MIN, T + 40_000]);
  });

  it('a flip that turned something off before the anomaly is named, with no lever to turn it back on', () => {
    const suspect = findSuspect([flip(T - 20 * MIN, 'checkout.new-tax-engine', 'off', 'drill')], onset, 'checkout');
    expect(suspect).toMatchObject({ kind: 'flip', lever: null, flip: { turnedOn: false } });
  });

  it('a deploy just before the onset is the suspect itself, not a flip further back', () => {
    const markers = [flip(T - 5 * MIN, 'checkout.new-tax-engine', 'on', 'ramp'), deploy(T - 20_000, 'checkout: bad build')];
    expect(findSuspect(markers, onset, 'checkout')).toMatchObject({ kind: 'deploy', marker: { what: 'checkout: bad build' } });
  });

  it('of changes in the same bucket, the anomaly’s service first, then a flip before a deploy, then one that turned something on', () => {
    expect(findSuspect([webDeploy(T - 3_000), deploy(T - 5_000, 'checkout: fix')], onset, 'checkout')).toMatchObject({ kind: 'deploy', marker: { what: 'checkout: fix' } });
    expect(findSuspect([deploy(T - 2_000, 'checkout: fix'), flip(T - 4_000, 'checkout.new-tax-engine', 'on', 'x')], onset, 'checkout')?.kind).toBe('flip');
    const both = [flip(T - 2_000, 'checkout.kill-tax-engine', 'off', 'x'), flip(T - 4_000, 'checkout.new-tax-engine', 'on', 'y')];
    expect(findSuspect(both, onset, 'checkout')).toMatchObject({ lever: 'off', flip: { key: 'checkout.new-tax-engine' } });
  });

  it('reads the flag from a flip made in the flag service, and finds none an hour back or after the onset', () => {
    const inUnleash = { ...flip(T - MIN, 'search.kill-suggestions', 'off', 'x'), what: 'flag search.kill-suggestions on in production (in Unleash)' };
    expect(findSuspect([inUnleash], onset, null)).toMatchObject({ lever: 'off', flip: { turnedOn: true } });
    expect(findSuspect([flip(T - 61 * MIN, 'feed.ranking-v2', 'on', 'x')], onset, null)).toBeNull();
    expect(findSuspect([flip(T + STEP, 'feed.ranking-v2', 'on', 'x')], onset, null)).toBeNull();
  });
});

describe('the recovery after a flip', () => {
  const series = (values: (number | null)[], start: number): Series => ({ target: 't', name: 'checkout', timestamps: values.map((_, i) => start + i * 10_000), values });

  it('compares the same length of time either side, leaving out the interval that holds the flip', () => {
    // Points every 10 s; the flip at 14:00:05 sits inside the 14:00:00 point, which is left out;
    // the two points after it cover 25 s after the flip, compared with the 25 s (three points) before.
    const flipAt = T + 5_000;
    const s = series([1, 1, 1, 8, 8, 8, 99, 0.5, 0.5], T - 60_000);
    const r = recoveryAround([s], flipAt, T + 40_000);
    expect(r.after).toBeCloseTo(0.5);
    expect(r.before).toBeCloseTo(8);
    expect(r.change).toBeCloseTo(-0.9375);
    expect(describeRecovery('Checkout error rate', '%', r, formatValue)).toBe('Checkout error rate: 8.00 % → 0.50 % (−94 %) in the 25 s after the flip');
  });

  it('sums several series (hosts) per point, and waits while nothing is known after the flip', () => {
    const a = series([2, 2, 2, 2], T - 30_000);
    const b = series([3, 3, 3, null], T - 30_000);
    expect(recoveryAround([a, b], T - 5_000, T).before).toBeCloseTo(5);
    const waiting = recoveryAround([a], T + 60_000, T + 61_000);
    expect(waiting.after).toBeNull();
    expect(describeRecovery('Errors', 'err/s', waiting, formatValue)).toBe('Errors: waiting for data after the flip');
  });
});

describe('threshold breaches for the timeline', () => {
  it('finds where each series first went past a threshold from the given moment on, once', () => {
    const checkout = { target: 'c', name: 'checkout', timestamps: [0, 10, 20, 30, 40].map((s) => T + s * 1000), values: [0.4, 9, 0.4, null, 8] };
    const web = { target: 'w', name: 'web', timestamps: [0, 10, 20].map((s) => T + s * 1000), values: [0.4, 0.5, 0.3] };
    // Stamped at the end of the interval that went past: when the point, and an alert on it, exist.
    expect(firstBreaches([checkout, web], { high: 2 }, T)).toEqual([{ at: T + 20_000, series: 'checkout', value: 9, side: 'above', limit: 2 }]);
    expect(firstBreaches([checkout], { high: 2 }, T + 25_000)).toEqual([{ at: T + 50_000, series: 'checkout', value: 8, side: 'above', limit: 2 }]);
    expect(firstBreaches([web], { low: 0.35 }, T)[0]).toMatchObject({ at: T + 30_000, side: 'below' });
    expect(firstBreaches([checkout], undefined, T)).toEqual([]);
  });
});

describe('the incident start time as typed', () => {
  it('reads what the console writes, in the zone chosen, and refuses anything else', () => {
    expect(parseMoment('2026-11-23 14:02:10 UTC', 'utc')).toBe(Date.UTC(2026, 10, 23, 14, 2, 10));
    expect(parseMoment('2026-11-23 14:02', 'utc')).toBe(Date.UTC(2026, 10, 23, 14, 2, 0));
    expect(parseMoment('2026-11-23 14:02:10', 'local')).toBe(new Date(2026, 10, 23, 14, 2, 10).getTime());
    expect(parseMoment('yesterday', 'utc')).toBeNull();
    expect(parseMoment('2026-13-23 14:02', 'utc')).toBeNull();
  });
});

describe('the incident timeline in the app', () => {
  let core: TestCore | undefined;
  afterEach(() => core?.stop());

  it('an incident and its notes are kept in the settings: a restart shows them, and the export has them', async () => {
    ({ core } = renderApp());
    const pane = await screen.findByTestId('incident-pane');
    fireEvent.change(within(pane).getByLabelText('Incident name'), { target: { value: 'Checkout errors | tax' } });
    fireEvent.click(within(pane).getByRole('button', { name: 'Start incident' }));
    await waitFor(() => expect(within(pane).getByTestId('incident-timeline')).toBeTruthy());
    const note = within(pane).getByLabelText('Add a note to the incident');
    fireEvent.change(note, { target: { value: 'paged by the error-rate alert' } });
    fireEvent.submit(note.closest('form')!);
    await waitFor(() => expect(within(pane).getAllByTestId('incident-row').map((r) => r.dataset.kind)).toContain('note'));
    expect((note as HTMLInputElement).value).toBe('');

    // A restart: a new window and core over what the first one saved.
    const saved = (await core.dispatch('settings.get', {})) as { ok: true; value: { settings: unknown } };
    core.stop();
    cleanup();
    ({ core } = renderApp({ savedSettings: saved.value.settings }));
    const again = await screen.findByTestId('incident-pane');
    await waitFor(() => expect(again.querySelector('.incident-name')?.textContent).toBe('Checkout errors | tax'));
    // Besides whatever the fake deploy log has in the lead-up: the start, then the note.
    const kept = within(again).getAllByTestId('incident-row').map((r) => r.dataset.kind).filter((kind) => kind !== 'deploy' && kind !== 'flip');
    expect(kept).toEqual(['start', 'note']);

    fireEvent.click(within(again).getByRole('button', { name: 'Export Markdown' }));
    const markdown = await screen.findByTestId<HTMLTextAreaElement>('incident-markdown');
    expect(document.activeElement).toBe(markdown);
    expect(markdown.value).toMatch(/^# Incident: Checkout errors \\\| tax$/m);
    expect(markdown.value).toMatch(/\| ● Incident started: Checkout errors \\\| tax \|\n[\s\S]*\| \d\d:\d\d:\d\d \| — \| ✎ Note: paged by the error-rate alert \|/);

    // Ending it frees the bar for the next incident; the ended one stays in the settings.
    fireEvent.keyDown(markdown, { key: 'Escape' });
    fireEvent.click(within(again).getByRole('button', { name: 'End incident' }));
    await waitFor(() => expect(within(again).getByLabelText('Incident name')).toBeTruthy());
    const after = (await core.dispatch('settings.get', {})) as { ok: true; value: { settings: { incidents: { endedAt: number | null }[] } } };
    expect(after.value.settings.incidents).toHaveLength(1);
    expect(after.value.settings.incidents[0]!.endedAt).not.toBeNull();
  });
});
