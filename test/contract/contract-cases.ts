import assert from 'node:assert/strict';

import type { OpsBridge } from '../../src/contract/bridge';
import type { EventEnvelope } from '../../src/contract/events';

/**
 * One contract suite, run over every bridge (in-process, browser-mode HTTP, Electron IPC where
 * the binary exists), so the three hosts cannot drift apart. Each case gets a fresh host and
 * uses only the bridge, plain `node:assert`, and what the demo world serves.
 */
export interface ContractCase {
  name: string;
  run(bridge: OpsBridge): Promise<void>;
}

type Envelope = { ok: true; value: any } | { ok: false; error: { code: string; message: string; issues?: { path: string }[] } };

const call = async (bridge: OpsBridge, name: string, input: unknown) => (await bridge.request(name, input)) as Envelope;

async function value(bridge: OpsBridge, name: string, input: unknown = {}) {
  const result = await call(bridge, name, input);
  assert.ok(result.ok, `${name} failed: ${JSON.stringify(result)}`);
  return result.value;
}

async function refusal(bridge: OpsBridge, name: string, input: unknown) {
  const result = await call(bridge, name, input);
  assert.equal(result.ok, false, `${name} should have been refused: ${JSON.stringify(result)}`);
  return result.error;
}

/** Resolves with the first event of that name that satisfies `match`; fails after `ms`. */
function nextEvent(bridge: OpsBridge, name: string, match: (payload: any) => boolean = () => true, ms = 5_000) {
  return new Promise<any>((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error(`no ${name} event within ${ms} ms`))), ms);
    const stop = bridge.on((event: EventEnvelope) => {
      if (event.name === name && match(event.payload)) {
        clearTimeout(timer);
        stop();
        resolve(event.payload);
      }
    });
  });
}

const HOUR = 3_600_000;

export const contractCases: ContractCase[] = [
  {
    name: 'app.info says what answers and whether the data is real',
    async run(bridge) {
      const info = await value(bridge, 'app.info');
      assert.equal(info.name, 'Ops Console');
      assert.equal(info.dataSource, 'demo');
      assert.ok(Number.isInteger(info.startedAt));
    },
  },
  {
    name: 'an unknown request name gets unknown_request, and the host keeps serving',
    async run(bridge) {
      assert.equal((await refusal(bridge, 'flags.explode', {})).code, 'unknown_request');
      await value(bridge, 'app.info');
    },
  },
  {
    name: 'malformed input gets invalid_input with the path of each bad field, and the host keeps serving',
    async run(bridge) {
      const error = await refusal(bridge, 'graphs.render', { targets: [''], from: -1, until: 10, maxDataPoints: 1.5 });
      assert.equal(error.code, 'invalid_input');
      assert.deepEqual(error.issues?.map((i) => i.path).sort(), ['from', 'maxDataPoints', 'targets.0']);
      for (const junk of [null, 'flags', [1, 2], 42]) {
        assert.equal((await refusal(bridge, 'flags.list', junk)).code, 'invalid_input');
      }
      assert.equal((await refusal(bridge, 'flags.list', { extra: true })).code, 'invalid_input');
      await value(bridge, 'app.info');
    },
  },
  {
    name: 'a time range that ends before it starts is refused on `until`',
    async run(bridge) {
      const error = await refusal(bridge, 'markers.list', { from: 2_000, until: 1_000 });
      assert.deepEqual(error.issues?.map((i) => i.path), ['until']);
    },
  },
  {
    name: 'graphs.render gives aligned timestamps (epoch ms, inside the range) and values with nulls for gaps',
    async run(bridge) {
      const until = Date.now();
      const from = until - 6 * HOUR;
      const set = await value(bridge, 'graphs.render', { targets: ['aliasByNode(sumSeries(web.*.requests), 0)'], from, until, maxDataPoints: 300 });
      const [series] = set.series;
      assert.equal(series.name, 'web');
      assert.equal(series.timestamps.length, series.values.length);
      assert.ok(series.timestamps.length > 100 && series.timestamps.length <= 300, `points: ${series.timestamps.length}`);
      // Buckets are aligned to their width (graphite-web's consolidation), so the first may start up to one width before `from`.
      const width = series.timestamps[1] - series.timestamps[0];
      assert.ok(width > 0 && series.timestamps.every((t: number, i: number) => t % width === series.timestamps[0] % width && (i === 0 || t > series.timestamps[i - 1])));
      // graphite-web labels a bucket one raw step (the demo's 10 s) after its first raw point, so the
      // newest may be labelled after `until`; none holds only points after it.
      assert.ok(series.timestamps.every((t: number) => t > from - width && t - 10_000 <= until), `first ${series.timestamps[0]}, from ${from}, width ${width}`);
      // Traffic never drops to zero in the demo: a missing point is a gap (null), never a 0.
      assert.ok(series.values.every((v: number | null) => v === null || v > 0));
      assert.ok(series.values.filter((v: number | null) => v !== null).length > 100);
      assert.ok(set.fetchedAt >= until);
    },
  },
  {
    name: "dashboards.open answers the first paint in one round trip, and a live render asked to be remembered is the panel's last-known drawing",
    async run(bridge) {
      const open = await value(bridge, 'dashboards.open', { dashboardId: null, rangeMinutes: 60 });
      assert.equal(typeof open.settings.settings.rangeMinutes, 'number');
      const dashboard = open.dashboards[0].dashboard;
      assert.equal(open.lastKnown.dashboardId, dashboard.id);
      assert.ok(open.lastKnown.panels.length === dashboard.panels.length && open.lastKnown.panels.every((p: unknown) => p === null));
      const until = Date.now();
      const [first] = dashboard.panels;
      const set = await value(bridge, 'graphs.render', { targets: first.targets.slice(0, 20), from: until - HOUR, until, maxDataPoints: 300, remember: true });
      const known = await value(bridge, 'graphs.lastKnown', { dashboardId: dashboard.id, spanMs: HOUR });
      assert.deepEqual(known.panels[0], first.targets.length <= 20 ? { series: set.series, from: until - HOUR, until, fetchedAt: set.fetchedAt } : null);
      // Another range knows nothing of it.
      assert.equal((await value(bridge, 'graphs.lastKnown', { dashboardId: dashboard.id, spanMs: 6 * HOUR })).panels[0], null);
    },
  },
  {
    name: 'markers.list returns the deploys of the window, oldest first, with who/what/when',
    async run(bridge) {
      const until = Date.now();
      const markers = await value(bridge, 'markers.list', { from: until - 24 * HOUR, until });
      assert.ok(markers.length >= 200, `deploys in 24 h: ${markers.length}`);
      assert.deepEqual(markers.map((m: any) => m.at), [...markers.map((m: any) => m.at)].sort((a, b) => a - b));
      const deploys = markers.filter((m: any) => m.kind === 'deploy');
      assert.ok(deploys.length >= 200 && deploys.every((m: any) => m.who && m.what && m.tags.includes('deploy')));
    },
  },
  {
    name: 'a flip is confirmed with the state re-read, announced as an event, drawn as a flip marker, and recorded in the audit log',
    async run(bridge) {
      const { flags } = await value(bridge, 'flags.list');
      const flag = flags.find((f: any) => f.key === 'search.suggestions-kill-switch');
      const { enabled, audience, rolloutPercent } = flag.environments.find((e: any) => e.name === 'production');
      const expected = { enabled, audience, rolloutPercent };
      const to = { enabled: !expected.enabled, audience: 'everyone', rolloutPercent: null };
      const announced = nextEvent(bridge, 'flags.changed', (p) => p.change.key === flag.key);
      const drawn = nextEvent(bridge, 'markers.added', (p) => p.markers.some((m: any) => m.kind === 'flip'));
      const recorded = nextEvent(bridge, 'audit.changed', (p) => p.entry.key === flag.key);
      const change = await value(bridge, 'flags.flip', { key: flag.key, environment: 'production', to, expected, reason: 'search cluster overloaded' });
      assert.deepEqual([change.before, change.after, change.via], [expected, to, 'console']);
      assert.equal(change.reason, 'search cluster overloaded');
      assert.deepEqual((await announced).change.after, to);
      assert.match((await drawn).markers[0].what, /→ .* in production: search cluster overloaded$/);
      assert.equal((await recorded).entry.outcome, 'confirmed');
      const reread = (await value(bridge, 'flags.list')).flags.find((f: any) => f.key === flag.key);
      assert.equal(reread.environments.find((e: any) => e.name === 'production').enabled, to.enabled);
      const audit = await value(bridge, 'audit.list', { limit: 5 });
      assert.deepEqual([audit.entries[0].outcome, audit.entries[0].reason, audit.entries[0].after], ['confirmed', 'search cluster overloaded', to]);
      assert.match(audit.file, /flip-audit\.jsonl$/);
      const until = Date.now();
      const markers = await value(bridge, 'markers.list', { from: until - HOUR, until: until + 1 });
      assert.ok(markers.some((m: any) => m.kind === 'flip' && m.tags.includes(flag.key)));
    },
  },
  {
    name: 'a flip without a reason, with a rollout over 100 %, or of a flag that does not exist, changes nothing',
    async run(bridge) {
      const off = { enabled: false, audience: 'everyone', rolloutPercent: null };
      const on = { enabled: true, audience: 'everyone', rolloutPercent: null };
      const flip = { key: 'search.suggestions-kill-switch', environment: 'production', to: on, expected: off, reason: 'testing' };
      assert.deepEqual((await refusal(bridge, 'flags.flip', { ...flip, reason: '  ' })).issues?.map((i) => i.path), ['reason']);
      const tooMuch = await refusal(bridge, 'flags.flip', { ...flip, to: { enabled: true, audience: 'percentage', rolloutPercent: 150 } });
      assert.deepEqual(tooMuch.issues?.map((i) => i.path), ['to.rolloutPercent']);
      assert.equal((await refusal(bridge, 'flags.flip', { ...flip, key: 'no-such-flag' })).code, 'not_found');
    },
  },
  {
    name: 'a viewer is refused by the core itself, and app.info says which role is in force',
    async run(bridge) {
      await value(bridge, 'settings.update', { role: 'viewer' });
      assert.deepEqual(await value(bridge, 'app.info').then((i) => [i.role, i.roleSource]), ['viewer', 'settings']);
      const off = { enabled: false, audience: 'everyone', rolloutPercent: null };
      const error = await refusal(bridge, 'flags.flip', { key: 'search.suggestions-kill-switch', environment: 'production', to: off, expected: off, reason: 'should not happen' });
      assert.equal(error.code, 'forbidden');
      assert.equal((await value(bridge, 'audit.list', { limit: 1 })).entries[0].outcome, 'refused');
    },
  },
  {
    name: 'a secret set through the contract is reported as set, and its value never comes back',
    async run(bridge) {
      const secret = 'hunter2-contract-secret-value';
      const seen: string[] = [];
      const stop = bridge.on((event) => seen.push(JSON.stringify(event)));
      const status = await value(bridge, 'secrets.set', { name: 'graphite.password', value: secret });
      assert.deepEqual(Object.keys(status).sort(), ['isSet', 'name', 'updatedAt']);
      assert.equal(status.isSet, true);
      const answers = await Promise.all(
        ['secrets.list', 'settings.get', 'backends.status', 'app.info'].map((name) => call(bridge, name, {})),
      );
      stop();
      assert.ok(!JSON.stringify([status, answers, seen]).includes(secret));
      const cleared = await value(bridge, 'secrets.clear', { name: 'graphite.password' });
      assert.equal(cleared.isSet, false);
    },
  },
  {
    name: 'settings are validated, saved and read back',
    async run(bridge) {
      assert.equal((await refusal(bridge, 'settings.update', { timeZone: 'mars' })).code, 'invalid_input');
      const saved = await value(bridge, 'settings.update', { timeZone: 'local', rangeMinutes: 60 });
      assert.equal(saved.settings.timeZone, 'local');
      const read = await value(bridge, 'settings.get');
      assert.deepEqual(read.settings, saved.settings);
    },
  },
  {
    name: 'log sources say how they are connected; new lines arrive live with sequence numbers after the newest logs.query gave',
    async run(bridge) {
      const [{ source }] = await value(bridge, 'logs.sources');
      await nextEvent(bridge, 'logs.lines', (p) => p.sourceId === source.id && p.lines.length > 0, 5_000);
      const listed = await value(bridge, 'logs.sources');
      assert.ok(listed.every((s: any) => s.status.id === s.source.id && s.source.kind === 'http'));
      assert.equal(listed.find((s: any) => s.source.id === source.id).status.state, 'live');
      const { lines } = await value(bridge, 'logs.query', { sourceIds: [source.id], filter: null, until: null, limit: 10 });
      assert.ok(lines.length > 0 && lines.length <= 10);
      const live = await nextEvent(bridge, 'logs.lines', (p) => p.sourceId === source.id, 5_000);
      assert.ok(live.lines[0].seq > lines[lines.length - 1].seq);
      assert.equal((await refusal(bridge, 'logs.query', { sourceIds: ['nope'], filter: null, until: null, limit: 1 })).code, 'not_found');
    },
  },
  {
    name: 'logs.query merges sources by time and filters them; an invalid regex is refused on filter.text',
    async run(bridge) {
      const ids = (await value(bridge, 'logs.sources')).slice(0, 3).map((s: any) => s.source.id);
      // Every one of them has lines (each is polled on its own, so one may not have been read yet).
      await Promise.all(ids.map((id: string) => nextEvent(bridge, 'logs.lines', (p) => p.sourceId === id, 5_000)));
      const merged = await value(bridge, 'logs.query', { sourceIds: ids, filter: null, until: null, limit: 500 });
      const rows = () => merged.lines.map((l: any) => `${l.sourceId}#${l.seq} ${l.at} ${l.gap ? 'gap' : ''}${l.text.slice(0, 60)}`).join('\n');
      assert.equal(new Set(merged.lines.map((l: any) => l.sourceId)).size, 3, rows());
      // In time order to the second (access lines carry whole seconds), each source in its own order.
      const seconds = merged.lines.map((l: any) => Math.floor(l.at / 1000));
      assert.deepEqual(seconds, [...seconds].sort((a, b) => a - b), rows());
      for (const id of ids) {
        const seqs = merged.lines.filter((l: any) => l.sourceId === id).map((l: any) => l.seq);
        assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), rows());
      }
      const errors = { text: '', mode: 'substring', caseSensitive: false, levels: ['error'] };
      const onlyErrors = await value(bridge, 'logs.query', { sourceIds: ids, filter: errors, until: null, limit: 500 });
      assert.ok(onlyErrors.lines.every((l: any) => l.level === 'error'));
      const bad = await refusal(bridge, 'logs.query', { sourceIds: ids, filter: { ...errors, text: 'tax(', mode: 'regex' }, until: null, limit: 5 });
      assert.equal(bad.code, 'invalid_input');
      assert.deepEqual(bad.issues?.map((i) => i.path), ['filter.text']);
    },
  },
  {
    name: 'a catastrophic regex in logs.query is answered, and so are the flags asked for beside it; lookahead is refused by name',
    async run(bridge) {
      const ids = (await value(bridge, 'logs.sources')).map((s: any) => s.source.id);
      await nextEvent(bridge, 'logs.lines', (p) => p.lines.length > 0, 5_000);
      const filter = { text: '(.+)+\\x01', mode: 'regex', caseSensitive: false, levels: [] };
      const [query, flags] = await Promise.all([value(bridge, 'logs.query', { sourceIds: ids, filter, until: null, limit: 100 }), value(bridge, 'flags.list')]);
      assert.deepEqual(query.lines, []);
      assert.ok(query.scanned > 0, JSON.stringify(query));
      assert.ok(flags.flags.length > 0);
      const lookahead = await refusal(bridge, 'logs.query', { sourceIds: ids, filter: { ...filter, text: 'GET(?= /)' }, until: null, limit: 5 });
      assert.equal(lookahead.code, 'invalid_input');
      assert.match(lookahead.message, /^The lookahead \(\?= \/\) is not supported/);
    },
  },
  {
    name: 'logs.around opens the minute a graph points at, from the file itself when it is older than the lines kept; logs.volume counts per bucket',
    async run(bridge) {
      const [{ source }] = await value(bridge, 'logs.sources');
      await nextEvent(bridge, 'logs.lines', (p) => p.sourceId === source.id, 5_000);
      // The demo's files hold ten minutes; a tail starts with the last 64 KiB of them.
      const at = Date.now() - 9 * 60_000;
      const around = await value(bridge, 'logs.around', { sourceIds: [source.id], at, before: 20, after: 20, filter: null });
      assert.match(around.note, /read from the file itself \(\d+ requests\)/);
      assert.equal(around.lines.length, 40);
      assert.equal(around.anchor, 20);
      assert.ok(around.lines[19].at < at && around.lines[20].at >= at && around.lines[20].at < at + 5_000);
      const until = Date.now();
      const buckets = await value(bridge, 'logs.volume', { sourceIds: [source.id], from: until - 120_000, until, bucketMs: 10_000, filter: null });
      assert.equal(buckets.length, 12);
      assert.ok(buckets.reduce((sum: number, b: any) => sum + b.total, 0) > 0);
      assert.ok(buckets.every((b: any) => b.errors <= b.total && b.matched === b.total));
      assert.equal((await refusal(bridge, 'logs.trustHostKey', { sourceId: source.id, fingerprint: 'SHA256:x' })).code, 'not_configured');
    },
  },
  {
    name: 'backends.status lists every backend with its state',
    async run(bridge) {
      await value(bridge, 'flags.list');
      const statuses = await value(bridge, 'backends.status');
      const kinds = new Set(statuses.map((s: any) => s.kind));
      for (const kind of ['graphite', 'deploys', 'flags', 'logs']) assert.ok(kinds.has(kind), `no ${kind} backend`);
      assert.equal(statuses.find((s: any) => s.kind === 'flags').state, 'ok');
    },
  },
  {
    name: 'backends.list says where each backend comes from, and a test connection says what answered',
    async run(bridge) {
      const { backends, configFile } = await value(bridge, 'backends.list');
      assert.equal(configFile.state, 'absent');
      assert.ok(backends.length >= 4 && backends.every((b: any) => b.origin === 'demo'));
      const unleash = backends.find((b: any) => b.definition.kind === 'flags').definition;
      const answer = await value(bridge, 'backends.test', { definition: unleash });
      assert.equal(answer.ok, true, answer.message);
      assert.match(answer.message, /300 flags/);
      const dead = await value(bridge, 'backends.test', { definition: { ...unleash, url: 'http://127.0.0.1:9' } });
      assert.equal(dead.ok, false);
      assert.match(dead.message, /refused the connection/);
    },
  },
  {
    name: 'a backend added in the app is validated, saved, listed as the app\'s, and removable',
    async run(bridge) {
      const bad = await refusal(bridge, 'backends.save', { definition: { kind: 'graphite', id: 'g2', url: 'graphite.internal' } });
      assert.deepEqual(bad.issues?.map((i) => i.path), ['definition.url']);
      const definition = { kind: 'graphite', id: 'g2', url: 'http://127.0.0.1:9', auth: { type: 'none' } };
      const saved = await value(bridge, 'backends.save', { definition });
      assert.equal(saved.origin, 'settings');
      const { backends } = await value(bridge, 'backends.list');
      assert.deepEqual(backends.map((b: any) => `${b.origin}:${b.definition.id}`), ['settings:g2']);
      assert.equal((await value(bridge, 'app.info')).dataSource, 'configured');
      const failed = await refusal(bridge, 'graphs.render', { targets: ['web.*.requests'], from: 1_000, until: 2_000, maxDataPoints: 10 });
      assert.equal(failed.code, 'backend_unavailable');
      assert.deepEqual(await value(bridge, 'backends.remove', { id: 'g2' }), { removed: 'g2' });
      assert.equal((await value(bridge, 'app.info')).dataSource, 'demo');
    },
  },
  {
    name: 'dashboards.list gives the demo dashboards, each with several panels',
    async run(bridge) {
      const dashboards = await value(bridge, 'dashboards.list');
      assert.ok(dashboards.length >= 1);
      assert.ok(dashboards[0].dashboard.panels.length >= 3);
      assert.ok(dashboards.every((d: any) => d.origin === 'demo'));
    },
  },
  {
    name: 'graphs.find lists the metric tree one level at a time, as the metric browser walks it',
    async run(bridge) {
      const top = await value(bridge, 'graphs.find', { query: '*' });
      assert.ok(top.length >= 1);
      const branch = top.find((n: any) => n.expandable);
      assert.ok(branch, `no branch at the top: ${JSON.stringify(top)}`);
      assert.equal(branch.leaf, false);
      const below = await value(bridge, 'graphs.find', { query: `${branch.path}.*` });
      assert.ok(below.length >= 1);
      assert.ok(below.every((n: any) => n.path.startsWith(`${branch.path}.`) && n.path.endsWith(n.text)));
      assert.deepEqual((await refusal(bridge, 'graphs.find', { query: '' })).code, 'invalid_input');
    },
  },
  {
    name: 'a dashboard saved while the demo runs is listed next to the demo\'s, the demo stays on, and it can be removed',
    async run(bridge) {
      const before = await value(bridge, 'dashboards.list');
      const dashboard = { id: 'mine', title: 'Mine', panels: [{ title: 'Requests', targets: ['sumSeries(web.*.requests)'], unit: 'req/s' }] };
      const bad = await refusal(bridge, 'dashboards.save', { dashboard: { ...dashboard, panels: [] } });
      assert.deepEqual(bad.issues?.map((i) => i.path), ['dashboard.panels']);
      assert.deepEqual(await value(bridge, 'dashboards.save', { dashboard }), { dashboard, origin: 'settings' });
      const after = await value(bridge, 'dashboards.list');
      assert.deepEqual(after.map((d: any) => `${d.origin}:${d.dashboard.id}`), [...before.map((d: any) => `demo:${d.dashboard.id}`), 'settings:mine']);
      assert.equal((await value(bridge, 'app.info')).dataSource, 'demo');
      assert.deepEqual(await value(bridge, 'dashboards.remove', { id: 'mine' }), { removed: 'mine' });
      assert.equal((await value(bridge, 'dashboards.list')).length, before.length);
      assert.equal((await refusal(bridge, 'dashboards.remove', { id: 'mine' })).code, 'not_found');
    },
  },
  {
    name: 'dashboards.import reads Grafana JSON into a dashboard and lists what it left out, without saving',
    async run(bridge) {
      const grafana = {
        title: 'From Grafana',
        uid: 'from-grafana',
        schemaVersion: 38,
        panels: [
          { type: 'timeseries', title: 'Requests', datasource: { type: 'graphite', uid: 'g' }, targets: [{ refId: 'A', target: 'web.*.requests' }], fieldConfig: { defaults: { unit: 'reqps' } } },
          { type: 'timeseries', title: 'Memory', datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 'up' }] },
        ],
      };
      const imported = await value(bridge, 'dashboards.import', { json: JSON.stringify(grafana) });
      assert.deepEqual(imported.dashboard, { id: 'from-grafana', title: 'From Grafana', panels: [{ title: 'Requests', targets: ['web.*.requests'], unit: 'req/s' }] });
      assert.deepEqual(imported.skipped, ['"Memory": its datasource is prometheus, not Graphite']);
      assert.ok((await value(bridge, 'dashboards.list')).every((d: any) => d.dashboard.id !== 'from-grafana'));
      assert.equal((await refusal(bridge, 'dashboards.import', { json: 'not json' })).code, 'invalid_input');
      assert.equal((await refusal(bridge, 'dashboards.import', { json: 'x'.repeat(2 * 1024 * 1024 + 1) })).code, 'invalid_input');
    },
  },
  {
    name: 'ramps.start checks its steps, writes the first one and tells every window; ramps.stop sets it back',
    async run(bridge) {
      const watch = { label: 'Error rate · search', targets: ['asPercent(sumSeries(search.*.errors), sumSeries(search.*.requests))'], series: null, high: 2, low: null, unit: '%' };
      const base = { key: 'search.autocomplete-v2', environment: 'production', holdSeconds: 600, watches: [watch], reason: 'contract case' };
      const flags = await value(bridge, 'flags.list');
      const { enabled, audience, rolloutPercent } = flags.flags.find((f: any) => f.key === base.key).environments.find((e: any) => e.name === 'production');
      const expected = { enabled, audience, rolloutPercent };
      const bad = await refusal(bridge, 'ramps.start', { ...base, expected, steps: [5, 5, 150], watches: [{ ...watch, high: null }] });
      assert.equal(bad.code, 'invalid_input');
      assert.deepEqual(bad.issues?.map((i) => i.path).sort(), ['steps', 'steps.2', 'watches.0.high']);
      assert.deepEqual(await value(bridge, 'ramps.list'), []);

      const changed = nextEvent(bridge, 'ramps.changed');
      const ramp = await value(bridge, 'ramps.start', { ...base, expected, steps: [1, 100] });
      assert.equal(ramp.state, 'running');
      assert.deepEqual(ramp.current, { enabled: true, audience: 'percentage', rolloutPercent: 1 });
      assert.equal((await changed).ramp.id, ramp.id);
      assert.equal((await refusal(bridge, 'ramps.start', { ...base, expected: ramp.current, steps: [5] })).code, 'conflict');
      const stopped = await value(bridge, 'ramps.stop', { id: ramp.id, setBack: true });
      assert.equal(stopped.state, 'stopped');
      assert.equal(stopped.current.enabled, false);
      assert.equal((await refusal(bridge, 'ramps.resume', { id: ramp.id })).code, 'conflict');
      assert.equal((await refusal(bridge, 'ramps.stop', { id: 'no-such-ramp', setBack: false })).code, 'not_found');
    },
  },
];
