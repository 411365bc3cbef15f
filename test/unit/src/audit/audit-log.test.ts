import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AuditLog } from '../../../../src/audit/audit-log';
import { auditEntry } from './audit-entries';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ops-audit-'));
  file = path.join(dir, 'state', 'flip-audit.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the audit log', () => {
  it('is empty before the first flip, and creates its folder on the first one', async () => {
    const log = new AuditLog(file);
    expect(await log.list(100)).toEqual([]);
    await log.append(auditEntry());
    expect(await log.list(100)).toEqual([auditEntry()]);
  });

  it('lists newest first, one JSON object per line a person can grep', async () => {
    const log = new AuditLog(file);
    for (const id of ['a', 'b', 'c']) await log.append(auditEntry({ id }));
    expect((await log.list(2)).map((e) => e.id)).toEqual(['c', 'b']);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: 'a', key: 'checkout.new-tax-engine', outcome: 'confirmed' });
  });

  it('folds later publish states into their entry without rewriting it', async () => {
    const log = new AuditLog(file);
    await log.append(auditEntry({ id: 'a' }));
    await log.append(auditEntry({ id: 'b' }));
    await log.updatePublish('a', { state: 'queued', attempts: 1, lastError: 'Graphite did not answer within 10 s.' }, 1);
    await log.updatePublish('a', { state: 'sent', attempts: 2, lastError: null }, 2);
    const [b, a] = await log.list(10);
    expect(a!.publish).toEqual({ state: 'sent', attempts: 2, lastError: null });
    expect(b!.publish).toEqual({ state: 'queued', attempts: 0, lastError: null });
    expect((await log.pending()).map((e) => e.id)).toEqual(['b']);
    // The first line is still the entry as it was written.
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!).publish.state).toBe('queued');
  });

  it('skips a torn last line and starts the next record on a line of its own', async () => {
    const log = new AuditLog(file);
    await log.append(auditEntry({ id: 'before-the-kill' }));
    const whole = JSON.stringify({ record: 'flip', ...auditEntry({ id: 'torn' }) });
    appendFileSync(file, whole.slice(0, whole.length / 2));
    expect((await new AuditLog(file).list(10)).map((e) => e.id)).toEqual(['before-the-kill']);
    await new AuditLog(file).append(auditEntry({ id: 'after-the-restart' }));
    expect((await log.list(10)).map((e) => e.id)).toEqual(['after-the-restart', 'before-the-kill']);
    // The torn half is kept as evidence, alone on its line.
    expect(readFileSync(file, 'utf8').split('\n')[1]).toBe(whole.slice(0, whole.length / 2));
  });

  it('reads a long log from its end: the newest entries, whole, across read chunks', async () => {
    const log = new AuditLog(file);
    const ids = Array.from({ length: 300 }, (_, i) => `flip-${i}`);
    // Up to 3 KB each: lines straddle the 64 KB chunks the log is read back in.
    for (const [i, id] of ids.entries()) await log.append(auditEntry({ id, message: 'z'.repeat((i * 389) % 3_000) }));
    await log.updatePublish('flip-3', { state: 'sent', attempts: 1, lastError: null }, 1);
    expect((await log.list(7)).map((e) => e.id)).toEqual(ids.slice(-7).reverse());
    const all = await log.list(1_000);
    expect(all.map((e) => e.id)).toEqual([...ids].reverse());
    expect(all.at(-4)!.publish!.state).toBe('sent');
    expect(all.every((e, i) => e.message === 'z'.repeat(((299 - i) * 389) % 3_000))).toBe(true);
  });

  it('keeps appends made at the same moment whole and separate', async () => {
    const log = new AuditLog(file);
    const ids = Array.from({ length: 40 }, (_, i) => `flip-${i}`);
    await Promise.all(ids.map((id, i) => log.append(auditEntry({ id, message: 'y'.repeat(i * 997) }))));
    expect((await log.list(100)).map((e) => e.id).sort()).toEqual([...ids].sort());
  });
});
