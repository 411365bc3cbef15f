// The world the graphs benches draw: a private real graphite-web 1.1.8 + carbon
// (test/integration/backends/graphite-backend.sh) holding PANELS x SERIES series of 24 h at 10 s,
// deploy and flip events spread over the day, and the browser-mode host configured with a
// dashboard of those panels. Shared by graphs-bench.mjs, graphs-size-bench.mjs and
// consoles-bench.mjs, so they measure the same data the same way.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePorts } from '../../support/free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const script = path.join(root, 'test/integration/backends/graphite-backend.sh');
export const STEP_S = 10;
export const POINTS = 8_640;

export const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
export const p95 = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]; };
export const target = (p, s) => `bench.p${String(p).padStart(2, '0')}.s${s}`;
export const loadAverage = async () => (await import('node:os')).default.loadavg().map((l) => l.toFixed(2)).join(' ');

function runScript(action, env) {
  return new Promise((resolve) => execFile('bash', [script, action], { env, timeout: 60_000 }, (error, stdout, stderr) =>
    resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` })));
}

/**
 * Starts graphite-web + carbon in `dir` on free ports, metrics under `bench.` kept at 10 s for a
 * day. `stop` is pushed to `cleanups` before anything can fail.
 */
export async function startGraphite(dir, cleanups) {
  mkdirSync(dir, { recursive: true });
  const [web, line, pickle, query] = await freePorts(4);
  const env = { ...process.env, GRAPHITE_STATE_DIR: dir, GRAPHITE_WEB_PORT: String(web), CARBON_LINE_PORT: String(line), CARBON_PICKLE_PORT: String(pickle), CARBON_QUERY_PORT: String(query), GRAPHITE_READY_TIMEOUT: '40', GRAPHITE_10S_PATTERN: '^bench\\.' };
  cleanups.unshift(async () => void (await runScript('stop', env)));
  const started = await runScript('start', env);
  if (started.code !== 0) throw new Error(`graphite-backend.sh start failed (${started.code}): ${started.output}`);
  return { url: `http://127.0.0.1:${web}`, pickle };
}

/** Bulk seeding through carbon's pickle port (10k points a message; carbon refuses messages over 1 MB). */
function seedPickle(port, until, panels, series) {
  const py = `
import pickle, socket, struct, math, sys
port, until, panels, series, step, points = map(int, sys.argv[1:7])
sock = socket.create_connection(('127.0.0.1', port))
batch = []
def flush():
    global batch
    payload = pickle.dumps(batch, protocol=2)
    sock.sendall(struct.pack('!L', len(payload)) + payload)
    batch = []
for p in range(panels):
    for s in range(series):
        name = 'bench.p%02d.s%d' % (p, s)
        base = 100 + 40 * s + 7 * p
        for i in range(points):
            ts = until - (points - i) * step
            batch.append((name, (ts, base + 30 * math.sin(i / (60 + 11 * s)) + 5 * math.sin(i / 7.0) + (i * 31 % 17))))
            if len(batch) >= 10000: flush()
if batch: flush()
sock.close()
`;
  return new Promise((resolve, reject) => execFile('python3', ['-c', py, String(port), String(until), String(panels), String(series), String(STEP_S), String(POINTS)],
    { timeout: 300_000 }, (error, _o, stderr) => (error ? reject(new Error(`seeding failed: ${stderr}`)) : resolve())));
}

/**
 * PANELS x SERIES series of 24 h at 10 s ending at `until` (epoch s); resolves once graphite-web
 * renders the last of them whole (carbon takes the points asynchronously), less the few oldest
 * the 1 d retention dropped meanwhile.
 */
export async function seedSeries(graphite, { panels, series, until }) {
  await seedPickle(graphite.pickle, until, panels, series);
  for (const deadline = Date.now() + 300_000; ; ) {
    if (Date.now() > deadline) throw new Error('the seeded points never all showed up in graphite-web');
    const r = await (await fetch(`${graphite.url}/render?target=${target(panels - 1, series - 1)}&from=${until - POINTS * STEP_S}&until=${until}&format=json`)).json();
    if ((r[0]?.datapoints ?? []).filter(([v]) => v !== null).length >= POINTS - 60) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * A temporary directory for the bench (removed by the cleanups) with a graphite-web in it holding
 * `panels` x `series` series of 24 h at 10 s up to now; `log` hears how long seeding took.
 */
export async function seededGraphite(cleanups, { name, panels, series, log }) {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), `ops-${name}-`));
  cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
  const graphite = await startGraphite(path.join(stateDir, 'graphite'), cleanups);
  const until = Math.floor(Date.now() / 1000 / STEP_S) * STEP_S;
  const started = Date.now();
  await seedSeries(graphite, { panels, series, until });
  log(`seeded ${panels * series} series x ${POINTS} points in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { stateDir, graphite, until };
}

/** Markers spread over the 24 h before `until`, deploys tagged by service, flips the way the app records them. */
export function markerEvents(deploys, flips, until, seed) {
  const events = [];
  for (let i = 0; i < deploys; i++) events.push({ what: `deploy web ${seed}.${i}`, tags: 'deploy web', data: `who=bench sha=${seed}${i}`, when: until - 86_000 + Math.floor(((i + 0.37 * seed) * 86_000) / deploys) });
  for (let i = 0; i < flips; i++) events.push({ what: `flag web.flag-${i} on in production`, tags: `flag web.flag-${i} production`, data: 'who=bench', when: until - 86_000 + Math.floor(((i + 0.5 + 0.21 * seed) * 86_000) / flips) });
  return events;
}

export async function postEvents(graphiteUrl, events) {
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const event = events[next++];
      const response = await fetch(`${graphiteUrl}/events/`, { method: 'POST', body: JSON.stringify(event) });
      if (!response.ok) throw new Error(`POST /events/ answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

/** The targets of `panels` bench panels of `series` series each; `wrap` dresses each (a function around it). */
export function benchPanels(panels, series, wrap = (t) => t) {
  return Array.from({ length: panels }, (_, p) => Array.from({ length: series }, (_, s) => wrap(target(p, s))));
}

/**
 * The app's config file in `<appState>/ops-console/config.yaml`: Graphite at `graphiteUrl`, its
 * deploy events, and `dashboards` ({ id, panels: targets per panel }, the first shown by default).
 * `extra` is YAML added as it is (a flag service, say).
 */
export function writeAppConfig(appState, { graphiteUrl, dashboards, extra = '' }) {
  mkdirSync(path.join(appState, 'ops-console'), { recursive: true });
  const yaml = dashboards.map(({ id, panels }) => {
    const lines = panels.map((targets, p) => `      - { title: 'Panel ${p + 1}', targets: [${targets.map((t) => `"${t}"`).join(', ')}] }`);
    return `  - id: ${id}\n    title: ${id}\n    panels:\n${lines.join('\n')}\n`;
  });
  writeFileSync(
    path.join(appState, 'ops-console', 'config.yaml'),
    `graphite:\n  - { id: graphite, name: Graphite (bench), url: '${graphiteUrl}' }\ndeploys:\n  - { id: deploys, type: graphite-events, graphite: graphite, tags: [deploy] }\n${extra}dashboards:\n${yaml.join('')}`,
  );
}

/**
 * Runs `main(cleanups)` and then every cleanup (newest first), also on failure, Ctrl-C or a kill,
 * so graphite-web, carbon, hosts and Chromium never outlive the bench. Exits 1 on failure.
 */
export async function runBench(main) {
  const cleanups = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch((error) => console.error('cleanup:', error));
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  process.once('unhandledRejection', (error) => {
    console.error(error);
    void cleanUp().then(() => process.exit(1));
  });
  let failed = false;
  try {
    failed = (await main(cleanups)) === false;
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await cleanUp();
  }
  process.exit(failed ? 1 : 0);
}
