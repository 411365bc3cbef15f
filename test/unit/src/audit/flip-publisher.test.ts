import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ChangeRecorder } from '../../../../src/backends/backend-set';
import { createMemoryChangeLog } from '../../../../src/backends/memory-change-log';
import { AuditLog } from '../../../../src/audit/audit-log';
import { changeOf, FlipPublisher } from '../../../../src/audit/flip-publisher';
import type { AuditEntry, FlagChange } from '../../../../src/contract/wire-types';
import { auditEntry } from './audit-entries';

let dir: string;
let log: AuditLog;
const publishers: FlipPublisher[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ops-publish-'));
  log = new AuditLog(path.join(dir, 'flip-audit.jsonl'));
});
afterEach(() => {
  for (const publisher of publishers.splice(0)) publisher.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A Graphite events API that is down until `up` is set; it keeps what it received. */
function graphite() {
  const sent: FlagChange[] = [];
  const state = { up: false };
  const recorder: ChangeRecorder = {
    id: 'graphite-flag-events',
    kind: 'graphite',
    name: 'Graphite events',
    check: async () => 'ok',
    async record(change) {
      if (!state.up) throw new Error('Graphite at http://graphite.internal refused the connection.');
      sent.push(change);
    },
  };
  return { recorder, sent, state };
}

function publisherOver(recorder: ChangeRecorder | null, options: { now?: () => number; giveUpAfterMs?: number } = {}) {
  const changes: AuditEntry[] = [];
  const publisher = new FlipPublisher({ audit: log, recorder: () => recorder, onChange: (e) => changes.push(e), onError: (e) => { throw e; }, retryDelaysMs: [20], ...options });
  publishers.push(publisher);
  return { publisher, changes };
}

async function until(condition: () => boolean | Promise<boolean>, ms = 3_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('publishing confirmed flips to Graphite', () => {
  it('queues while Graphite is down, shows attempts and the last error, and sends once it is back', async () => {
    const { recorder, sent, state } = graphite();
    const { publisher, changes } = publisherOver(recorder);
    const entry = auditEntry();
    expect(await publisher.initialState(changeOf(entry))).toEqual({ state: 'queued', attempts: 0, lastError: null });
    await log.append(entry);
    publisher.enqueue(entry);
    await until(() => changes.length >= 2);
    const [queued] = await log.list(1);
    expect(queued!.publish).toMatchObject({ state: 'queued', lastError: expect.stringContaining('refused the connection') });
    expect(queued!.publish!.attempts).toBeGreaterThanOrEqual(2);
    state.up = true;
    await until(() => changes.at(-1)!.publish!.state === 'sent');
    expect(sent).toEqual([changeOf(entry)]);
    expect((await log.list(1))[0]!.publish).toMatchObject({ state: 'sent', lastError: null });
  });

  it('resumes after a restart what a previous run left queued', async () => {
    await log.append(auditEntry({ id: 'left-queued', publish: { state: 'queued', attempts: 3, lastError: 'Graphite did not answer within 10 s.' } }));
    await log.append(auditEntry({ id: 'already-sent', publish: { state: 'sent', attempts: 1, lastError: null } }));
    const { recorder, sent, state } = graphite();
    state.up = true;
    await publisherOver(recorder).publisher.resume();
    await until(async () => (await log.list(10)).every((e) => e.publish?.state === 'sent'));
    expect(sent.map((c) => c.reason)).toEqual([auditEntry().reason]);
    expect((await log.list(10)).find((e) => e.id === 'left-queued')!.publish!.attempts).toBe(4);
  });

  it('gives up on an event too old to be worth sending, and says so', async () => {
    const { recorder } = graphite();
    const entry = auditEntry();
    await log.append(entry);
    publisherOver(recorder, { now: () => entry.at + 2 * 24 * 3_600_000, giveUpAfterMs: 24 * 3_600_000 }).publisher.enqueue(entry);
    await until(async () => (await log.list(1))[0]!.publish!.state === 'failed');
    expect((await log.list(1))[0]!.publish).toMatchObject({ attempts: 1, lastError: expect.stringContaining('refused') });
  });

  it('without a Graphite, keeps the flip on this session\u2019s graphs and says it was published nowhere', async () => {
    const session = createMemoryChangeLog();
    const { publisher } = publisherOver(session);
    const change = changeOf(auditEntry());
    expect(await publisher.initialState(change)).toEqual({ state: 'not-configured', attempts: 0, lastError: null });
    expect(await session.list(change.at - 1, change.at + 1, new AbortController().signal)).toHaveLength(1);
    expect((await publisherOver(null).publisher.initialState(change)).state).toBe('not-configured');
  });
});
