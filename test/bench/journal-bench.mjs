// The journal log sources' throughput:
//  1. in process: journalctl's JSON lines (as `-o json` writes them, three hosts) through the
//     JournalReader into one ring per host, against the pipeline alone on the lines it makes:
//     what reading JSON costs on top (entries/s, median of RUNS);
//  2. against a real systemd-journal-gatewayd (journal-private.mjs): the latest ENTRIES entries
//     through the journal-gateway source until the last is in its ring, against a plain HTTP
//     read of the same entries that only counts lines (the ratio is the goal: >= 0.8x).
// Wall time moves with the machine's load: the load average is printed with the figures.
//   node test/bench/journal-bench.mjs [entries=100000] [runs=5]
import os from 'node:os';

import { fmt, loadLogModules, log as logger, median } from './logs-bench-support.mjs';
import { exportEntry, startCentralJournal } from '../integration/backends/journal-private.mjs';

const log = logger('journal-bench');
const ENTRIES = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 5);
const HOSTS = ['web-1', 'web-2', 'web-3'];
const { SourcePipeline, JournalReader, createJournalGatewaySource } = await loadLogModules();

const start = (Date.now() - 3_600_000) * 1000;
const message = (i) => (i % 50 === 0 ? `payment provider timed out after 3000 ms order=${i}` : `GET /v3/checkout/${i} 200 12ms user=${i % 977}`);

/** `count` entries as journalctl -o json prints them, in 64 KiB whole-line chunks. */
function journalJson(count) {
  const lines = [];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({
      __CURSOR: `s=2632e14e708143a3ab5a86bfa4a93971;i=${(i + 1).toString(16)};b=${'b'.repeat(32)};m=${(i * 1000).toString(16)};t=${(start + i * 1000).toString(16)};x=4c939af92ee6cc33`,
      __REALTIME_TIMESTAMP: String(start + i * 1000),
      __MONOTONIC_TIMESTAMP: String(i * 1000),
      _BOOT_ID: 'b'.repeat(32),
      PRIORITY: i % 50 === 0 ? '3' : '6',
      _HOSTNAME: HOSTS[i % 3],
      _SYSTEMD_UNIT: 'checkout.service',
      SYSLOG_IDENTIFIER: 'checkout',
      _PID: '4242',
      MESSAGE: message(i),
    }));
  }
  const bytes = Buffer.from(lines.join('\n') + '\n');
  const chunks = [];
  for (let at = 0; at < bytes.length; ) {
    const end = bytes.lastIndexOf(0x0a, Math.min(bytes.length, at + 65_536) - 1) + 1;
    chunks.push(Buffer.from(bytes.subarray(at, end)));
    at = end;
  }
  return { chunks, bytes: bytes.length };
}

function inProcess() {
  const { chunks, bytes } = journalJson(ENTRIES);
  const withJson = [];
  const alone = [];
  for (let run = 0; run < RUNS; run++) {
    const rings = new Map(HOSTS.map((host) => [host, new SourcePipeline(ENTRIES)]));
    const made = [];
    const reader = new JournalReader({ resumeAt: null, fallbackHost: '?', onLines: (host, chunk) => (made.push(chunk), rings.get(host).ingest(chunk)), onGap: () => {}, onMalformed: () => {} });
    let t = performance.now();
    for (const chunk of chunks) reader.push(chunk);
    withJson.push(performance.now() - t);
    const lines = [...rings.values()].reduce((sum, p) => sum + p.ring.nextSeq, 0);
    if (lines !== ENTRIES) throw new Error(`expected ${ENTRIES} lines, got ${lines}`);
    const pipeline = new SourcePipeline(ENTRIES);
    t = performance.now();
    for (const chunk of made) pipeline.ingest(chunk);
    alone.push(performance.now() - t);
  }
  const a = median(withJson);
  const b = median(alone);
  log(`in process: ${ENTRIES.toLocaleString('en')} entries (${fmt(bytes / 1e6, 1)} MB of JSON), median of ${RUNS}`);
  log(`  reader + rings: ${fmt(a, 0)} ms = ${fmt(ENTRIES / a, 0)}k entries/s; the pipeline alone on the lines it made: ${fmt(b, 0)} ms (${fmt(a / b, 1)}x of that)`);
}

async function againstGatewayd() {
  const journal = await startCentralJournal();
  try {
    for (let at = 0; at < ENTRIES; at += 5_000) {
      const batch = [];
      for (let i = at; i < Math.min(ENTRIES, at + 5_000); i++) batch.push(exportEntry({ host: HOSTS[i % 3], unit: 'checkout.service', identifier: 'checkout', priority: i % 50 === 0 ? 3 : 6, micros: start + i * 1000, message: message(i) }));
      await journal.upload(batch);
    }
    const raw = [];
    const source = [];
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now();
      const response = await fetch(`${journal.gatewayUrl}/entries?_SYSTEMD_UNIT=checkout.service`, { headers: { Accept: 'application/json', Range: `entries=:-${ENTRIES - 1}:` } });
      let newlines = 0;
      for await (const chunk of response.body) for (const byte of chunk) if (byte === 10) newlines++;
      raw.push(performance.now() - t);
      if (newlines !== ENTRIES) throw new Error(`gatewayd sent ${newlines} entries, expected ${ENTRIES}`);

      const def = { id: 'bench', kind: 'logs', type: 'journal-gateway', service: 'checkout', url: journal.gatewayUrl, auth: { type: 'none' }, units: ['checkout.service'], identifiers: [], bufferLines: ENTRIES };
      const rings = new Map();
      let seen = 0;
      t = performance.now();
      await new Promise((resolve) => {
        const stop = createJournalGatewaySource(def, { reveal: () => undefined }, { initialEntries: ENTRIES }).follow({
          forHost: (host) => {
            if (!rings.has(host)) rings.set(host, new SourcePipeline(ENTRIES));
            return { onLines: (chunk) => {
              const ring = rings.get(host);
              const before = ring.ring.nextSeq;
              ring.ingest(chunk);
              seen += ring.ring.nextSeq - before;
              if (seen >= ENTRIES) {
                stop();
                resolve();
              }
            } };
          },
          onLines: () => {}, onGap: () => {}, onStatus: () => {}, onError: (e) => log(`error: ${e.message}`),
        });
      });
      source.push(performance.now() - t);
    }
    const a = median(source);
    const b = median(raw);
    log(`against gatewayd 252: the latest ${ENTRIES.toLocaleString('en')} entries, median of ${RUNS}`);
    log(`  journal-gateway source into rings: ${fmt(a, 0)} ms (${fmt(ENTRIES / a, 0)}k entries/s); plain HTTP read counting lines: ${fmt(b, 0)} ms; ratio ${fmt(b / a, 2)}x (goal >= 0.8x)`);
  } finally {
    await journal.stop();
  }
}

log(`load average ${os.loadavg().map((n) => fmt(n, 1)).join(' ')} on ${os.cpus().length} cores`);
inProcess();
await againstGatewayd();
log(`load average ${os.loadavg().map((n) => fmt(n, 1)).join(' ')}`);
