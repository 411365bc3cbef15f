import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AuditLog } from '../../../../src/audit/audit-log';
import { auditEntry } from './audit-entries';

let dir: string;
let script: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ops-audit-kill-'));
  script = path.join(dir, 'append-loop.mjs');
  await build({ entryPoints: [path.join(import.meta.dirname, 'append-loop.ts')], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'silent' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the appending child, lets it write for a while, SIGKILLs it, and returns the ids it said were on disk. */
function appendUntilKilled(file: string, prefix: string, afterIds: number, extraMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file, prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killing && out.split('\n').length > afterIds) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the child ended by itself (${signal ?? _code})`));
      // Only whole lines: an id cut off by the kill was never fully reported.
      resolve(out.split('\n').slice(0, -1));
    });
  });
}

describe('the audit log when the process is killed mid-write', () => {
  it('keeps every entry whose append had returned, readable, and later appends still work', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'flip-audit.jsonl');
    const confirmed: string[] = [];
    for (let round = 0; round < 30; round++) {
      confirmed.push(...(await appendUntilKilled(file, `round${round}`, 1 + (round % 4), (round * 7) % 23)));
    }
    const listed = new Set((await new AuditLog(file).list(1_000_000)).map((e) => e.id));
    expect(confirmed.length).toBeGreaterThan(30);
    expect(confirmed.filter((id) => !listed.has(id))).toEqual([]);

    // Every line is a whole record or a torn one left by a kill (records of a few MB get torn now
    // and then here), never two records glued together.
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const torn = lines.filter((line) => !isJson(line));
    expect(torn.length).toBeLessThanOrEqual(30);
    expect(lines.length - torn.length).toBe(listed.size);

    await new AuditLog(file).append(auditEntry({ id: 'after-all-the-kills' }));
    expect((await new AuditLog(file).list(1))[0]!.id).toBe('after-all-the-kills');
  });
});

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
