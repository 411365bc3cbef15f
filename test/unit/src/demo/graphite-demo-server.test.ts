import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startGraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import type { GraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import { DemoWorld } from '../../../../src/demo/world';

// The demo server must answer as graphite-web 1.1.8 does (shapes, statuses, quirks), since the
// real adapters are tested against it. Figures here follow ../shared/notes/graphite-backend.md.

const NOW = Date.UTC(2026, 10, 22, 14, 0, 0);
const NOW_S = NOW / 1000;
let server: GraphiteDemoServer;

beforeAll(async () => {
  server = await startGraphiteDemoServer(new DemoWorld(() => NOW));
});
afterAll(() => server.close());

async function get(path: string, init?: RequestInit) {
  const response = await fetch(server.url + path, init);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}
const render = async (query: string) => JSON.parse((await get(`/render?format=json&${query}`)).body);
const t = (target: string) => `target=${encodeURIComponent(target)}`;

describe('graphite demo server: /render', () => {
  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers graphite-web JSON: seconds, one bucket per 10 s, the still-open bucket null', async () => {
    const [series] = await render(`${t('web.web-1.requests')}&from=-5min&until=now`);
    expect(series.target).toBe('web.web-1.requests');
    expect(series.tags).toEqual({ name: 'web.web-1.requests' });
    expect(series.datapoints).toHaveLength(30);
    expect(series.datapoints[0][1]).toBe(NOW_S - 290);
    expect(series.datapoints.at(-1)).toEqual([null, NOW_S]);
    expect(series.datapoints.slice(0, -1).every(([v]: [unknown]) => typeof v === 'number')).toBe(true);
  });

  it('clamps until to now, as whisper does: no buckets in the future', async () => {
    const [series] = await render(`${t('web.web-1.requests')}&from=${NOW_S - 60}&until=${NOW_S + 3600}`);
    expect(series.datapoints.at(-1)[1]).toBe(NOW_S);
  });

  it('consolidates maxDataPoints by whole buckets, nudged onto the new step, as the notes show', async () => {
    // From here the first bucket starts on a multiple of 20 s, as in the notes' example.
    const range = `from=${NOW_S - 1210}&until=${NOW_S}`;
    const [raw] = await render(`${t('web.web-1.requests')}&${range}`);
    const [consolidated] = await render(`${t('web.web-1.requests')}&${range}&maxDataPoints=100`);
    expect(raw.datapoints).toHaveLength(121);
    // ceil(121 / 100) = 2 values per point: 60 points at 20 s, not 100.
    expect(consolidated.datapoints).toHaveLength(60);
    expect(consolidated.datapoints[0]).toEqual([(raw.datapoints[1][0] + raw.datapoints[2][0]) / 2, raw.datapoints[0][1] + 20]);
  });

  it('names aggregates and aliases as graphite-web does', async () => {
    const [aliased] = await render(`${t('alias(sumSeries(web.*.requests),"x")')}&from=-1min`);
    expect(aliased.target).toBe('x');
    expect(aliased.tags).toEqual({ name: 'sumSeries(web.*.requests)', aggregatedBy: 'sum' });
    const [infinite] = await render(`${t('drawAsInfinite(deploys.web)')}&from=-1min`);
    expect(infinite).toMatchObject({ target: 'drawAsInfinite(deploys.web)', tags: { name: 'deploys.web', drawAsInfinite: '1' } });
  });

  it('evaluates piped calls and keyword arguments, but no call of keyword arguments alone', async () => {
    const [plain] = await render(`${t('web.web-1.requests')}&from=-1min`);
    for (const target of ['web.web-1.requests|scale(2)', 'scale(web.web-1.requests,factor=2)']) {
      const [scaled] = await render(`${t(target)}&from=-1min`);
      expect(scaled).toMatchObject({ target: 'scale(web.web-1.requests,2)', tags: { scale: '2.0' } });
      expect(scaled.datapoints[0][0]).toBeCloseTo(plain.datapoints[0][0] * 2, 6);
    }
    // graphite-web 1.1.8 ignores a piped call it cannot parse, as it ignores any trailing junk.
    expect((await render(`${t('web.web-1.requests|scale(factor=2)')}&from=-1min`))[0].target).toBe('web.web-1.requests');
  });

  it('answers an unknown function with 400 text naming it and every target', async () => {
    const response = await get(`/render?format=json&${t('noSuchFunc(web.*)')}&${t('web.web-1.errors')}`);
    expect(response.status).toBe(400);
    expect(response.body).toBe('Invalid parameters (Received request for unknown function: noSuchFunc); targets: "noSuchFunc(web.*), web.web-1.errors"');
  });

  it('answers a bad from with 400 text and an unparsable target with a 500 traceback page', async () => {
    expect(await get(`/render?format=json&${t('web.*.requests')}&from=garbage`)).toMatchObject({
      status: 400,
      body: 'Invalid parameters (Unknown day reference: garbage)',
    });
    const broken = await get(`/render?format=json&${t('((')}`);
    expect(broken.status).toBe(500);
    expect(broken.type).toMatch(/^text\/html/);
    expect(broken.body).toMatch(/Graphite encountered an unexpected error[\s\S]*<pre>[\s\S]*ParseException/);
  });

  it('treats a half-written call as the metric path before it, and no match as []', async () => {
    expect(await render(t('sumSeries(('))).toEqual([]);
    expect(await render(t('no.such.metric'))).toEqual([]);
    const [trailing] = await render(`${t('web.web-1.requests)')}&from=-1min`);
    expect(trailing.target).toBe('web.web-1.requests');
  });
});

describe('graphite demo server: /metrics/find', () => {
  it('lists the tree as graphite-web treejson, branches before leaves', async () => {
    expect(JSON.parse((await get('/metrics/find?query=web.*')).body)[0]).toEqual({ text: 'web-1', id: 'web.web-1', allowChildren: 1, expandable: 1, leaf: 0 });
    const children = JSON.parse((await get('/metrics/find?query=web.web-1.*')).body);
    expect(children.map((n: { id: string; leaf: number }) => [n.id, n.leaf])).toEqual([
      ['web.web-1.latency', 0],
      ['web.web-1.errors', 1],
      ['web.web-1.requests', 1],
    ]);
    expect(await get('/metrics/find?query=')).toMatchObject({ status: 400, body: "Invalid parameters (Required parameter 'query' is empty)" });
  });

  it('matches globs as fnmatch does: * within one node, ?, sets, negated sets, {a,b}', async () => {
    const names = async (query: string) => JSON.parse((await get(`/metrics/find?query=${encodeURIComponent(query)}`)).body).map((n: { text: string }) => n.text);
    expect(await names('web.web-1.re*')).toEqual(['requests']);
    expect(await names('web.web-1.*r**s')).toEqual(['errors', 'requests']);
    expect(await names('web.web-[12]')).toEqual(['web-1', 'web-2']);
    expect(await names('web.web-[!1]')).toEqual(['web-2', 'web-3']);
    expect(await names('web.web-?.{errors,latency}')).toEqual(['latency', 'errors']);
    expect(await names('web.*.errors')).toEqual(['errors']);
  });

  it('answers a glob of 100 stars at once, and refuses braces that would expand past 1,024 names', async () => {
    expect(JSON.parse((await get(`/metrics/find?query=web.${'*'.repeat(100)}x`)).body)).toEqual([]);
    expect(JSON.parse((await get(`/metrics/find?query=web.${'*a'.repeat(50)}`)).body)).toEqual([]);
    const braces = await get(`/metrics/find?query=web.${encodeURIComponent('{a,b}'.repeat(18))}`);
    expect(braces).toMatchObject({ status: 400, body: expect.stringMatching(/^Invalid parameters \(the \{…\} alternatives in ".*" make more than 1,024 names\)$/) });
    expect(JSON.parse((await get(`/metrics/find?query=web.${encodeURIComponent('{a,b}'.repeat(10))}`)).body)).toEqual([]);
  });
});

describe('graphite demo server: events', () => {
  const post = (body: string) => get('/events/', { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

  it('stores a posted event and lists it with tags as a list and when in whole seconds', async () => {
    expect(await post(JSON.stringify({ what: 'deploy web 1234', tags: 'deploy web manual', data: 'who=alice', when: NOW_S - 30.7 }))).toMatchObject({ status: 200, body: '' });
    const events = JSON.parse((await get('/events/get_data?from=-1min&until=now&tags=manual')).body);
    expect(events).toEqual([{ when: NOW_S - 31, what: 'deploy web 1234', data: 'who=alice', tags: ['deploy', 'web', 'manual'], id: expect.any(Number) }]);
  });

  it("lists the world's deploys, and an event must carry every tag asked for", async () => {
    const all = JSON.parse((await get('/events/get_data?from=-6h&until=now&tags=deploy')).body);
    const checkout = JSON.parse((await get('/events/get_data?from=-6h&until=now&tags=deploy+checkout')).body);
    expect(all.length).toBeGreaterThan(30);
    expect(checkout.length).toBeGreaterThan(0);
    expect(checkout.length).toBeLessThan(all.length);
    expect(checkout.every((e: { tags: string[] }) => e.tags.includes('checkout'))).toBe(true);
    expect(JSON.parse((await get('/events/get_data?from=-6h&tags=nosuchtag')).body)).toEqual([]);
    // As in graphite-web 1.1.8 (django-tagging): a tag no event has is dropped, not required.
    expect(JSON.parse((await get('/events/get_data?from=-6h&tags=deploy+nosuchtag')).body)).toEqual(all);
  });

  it('rejects bad events with graphite-web 1.1.8 statuses', async () => {
    expect(await post(JSON.stringify({ what: 'x', tags: 42 }))).toMatchObject({ status: 400, body: '{"error": "\\"tags\\" must be an array or space-separated string"}' });
    expect((await post(JSON.stringify({ tags: ['deploy'] }))).status).toBe(500);
    expect((await post(JSON.stringify({ what: 'x', when: NOW }))).status).toBe(500);
    expect((await post('not json')).status).toBe(500);
    expect((await get('/events/get_data?from=garbage')).status).toBe(500);
    expect((await get('/events/', { method: 'PUT' })).status).toBe(405);
  });

  it('answers anything else with 404', async () => {
    expect((await get('/dashboard/load/x')).status).toBe(404);
  });
});
