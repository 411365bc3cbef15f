import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, bench, describe } from 'vitest';

import { AuditLog } from '../../src/audit/audit-log';
import type { FlagService } from '../../src/backends/backend-set';
import { createInProcessBridge } from '../../src/host/in-process-bridge';
import { createOpsClient } from '../../src/contract/client';
import type { FlagSetting } from '../../src/contract/wire-types';
import { auditEntry } from '../unit/src/audit/audit-entries';
import { startTestCore } from '../support/core-fixture';

// What recording a flip costs. (1) A flip through the core (viewer check, one flip per flag, the
// write, the audit line written and fsync'd, events, the Graphite event queued) against the same
// write made on the flag service directly, both on the demo Unleash. Vitest prints how many times
// faster the bare write is. Goal: the core adds a few ms (the fsync is most of it), which keeps a
// real Unleash flip (tens of ms; flags-backend-bench.mjs) within the issue's 1.2; the demo's write
// takes ~6 ms, so the ratio printed here is an upper bound. (2) audit.list(200) on a 20,000-flip
// log, read from the end of the file (goal ≤ 50 ms).
let flags: FlagService | undefined;
const running = await startTestCore({ wrap: (set) => ((flags = set.flags ?? undefined), set) });
const client = createOpsClient(createInProcessBridge(running.core));
afterAll(() => running.stop());

const everyone = (enabled: boolean): FlagSetting => ({ enabled, audience: 'everyone', rolloutPercent: null });
const current = async (key: string) => (await flags!.read(key, AbortSignal.timeout(5_000))).environments.find((e) => e.name === 'production')!.enabled;
const throughCore = { key: 'search.suggestions-kill-switch', on: await current('search.suggestions-kill-switch') };
const bare = { key: 'checkout.new-tax-engine', on: await current('checkout.new-tax-engine') };

describe('a production flip, confirmed (demo Unleash)', () => {
  bench('the flag service write alone (re-read, write, read back)', async () => {
    await flags!.write({ key: bare.key, environment: 'production', expected: everyone(bare.on), to: everyone(!bare.on) }, AbortSignal.timeout(5_000));
    bare.on = !bare.on;
  });
  bench('flags.flip through the core (+ audit fsync, events, Graphite queue)', async () => {
    await client.request('flags.flip', { key: throughCore.key, environment: 'production', expected: everyone(throughCore.on), to: everyone(!throughCore.on), reason: 'bench' });
    throughCore.on = !throughCore.on;
  });
});

const longLogDir = mkdtempSync(path.join(os.tmpdir(), 'ops-audit-bench-'));
afterAll(() => rmSync(longLogDir, { recursive: true, force: true }));
const longLog = new AuditLog(path.join(longLogDir, 'flip-audit.jsonl'));
writeFileSync(
  longLog.file,
  Array.from({ length: 20_000 }, (_, i) => `${JSON.stringify({ record: 'flip', ...auditEntry({ id: `flip-${i}` }) })}\n`).join(''),
);

describe('the audit log, 20,000 flips long', () => {
  bench('audit.list(200), newest first (goal ≤ 50 ms)', async () => void (await longLog.list(200)));
});
