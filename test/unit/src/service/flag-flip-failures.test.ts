import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { BackendSet, ChangeRecorder, FlagService } from '../../../../src/backends/backend-set';
import { BackendUnavailableError } from '../../../../src/errors';
import { FlagWriteUnconfirmedError } from '../../../../src/flags/guarded-write';
import { KILL_SWITCH, startFlagWorld } from './flag-test-world';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The demo world with its flag service's write replaced: the fault a proxy in front of Unleash would inject. */
async function worldWhoseWrite(write: (real: FlagService, ...args: Parameters<FlagService['write']>) => ReturnType<FlagService['write']>, extra: Parameters<typeof startFlagWorld>[0] = {}) {
  const wrap = (set: BackendSet): BackendSet => {
    const real = set.flags!;
    const flags = Object.assign(Object.create(real) as FlagService, { write: (w: Parameters<FlagService['write']>[0], s: AbortSignal) => write(real, w, s) });
    return { ...set, flags };
  };
  const running = await startFlagWorld({ wrap, ...extra });
  cleanups.push(running.stop);
  return running;
}

const answerLost = () => new BackendUnavailableError('Unleash at http://127.0.0.1 closed the connection before answering.');

describe('a flip the flag service does not confirm', () => {
  it('fails visibly when the service answers 500 and changes nothing: recorded as failed, no change announced', async () => {
    const w = await worldWhoseWrite(async () => {
      throw new BackendUnavailableError('Unleash at http://127.0.0.1 answered 500 Internal Server Error.');
    });
    const input = await w.flipInput(KILL_SWITCH);
    const error = await w.flipRefusal(input);
    expect(error.code).toBe('backend_unavailable');
    expect(error.message).toMatch(/answered 500.*did not change in production: it is still (off|on for everyone)\./);
    expect(await w.setting(KILL_SWITCH)).toEqual(input.expected);
    expect(w.events('flags.changed')).toEqual([]);
    expect(w.events('markers.added')).toEqual([]);
    expect((await w.audit())[0]).toMatchObject({ outcome: 'failed', after: input.expected, publish: null });
  });

  it('does not report a flip the service answered but did not make: one record, failed, saying it did not change', async () => {
    const w = await worldWhoseWrite((real, write, signal) => real.read(write.key, signal));
    const input = await w.flipInput(KILL_SWITCH);
    const error = await w.flipRefusal(input);
    expect([error.code, error.message]).toEqual(['backend_unavailable', expect.stringMatching(/did not change in production/)]);
    expect((await w.audit()).map((e) => e.outcome)).toEqual(['failed']);
    expect(w.events('flags.changed')).toEqual([]);
  });

  it("takes the adapter's own read-back after a failed write, and says it once", async () => {
    const w = await worldWhoseWrite(async (_real, write) => {
      throw new FlagWriteUnconfirmedError(`Unleash did not confirm turning ${write.key} off in production (it answered 502). Read back just now: it is ${write.expected.enabled ? 'on for everyone' : 'off'}, nothing changed.`, write.expected, false);
    });
    const input = await w.flipInput(KILL_SWITCH);
    const error = await w.flipRefusal(input);
    expect(error.message.match(/Read back/g)).toHaveLength(1);
    expect((await w.audit())[0]).toMatchObject({ outcome: 'failed', after: input.expected, message: error.message });
  });

  it('confirms a flip whose write landed but whose answer was lost, by re-reading', async () => {
    const w = await worldWhoseWrite(async (real, write, signal) => {
      await real.write(write, signal);
      throw answerLost();
    });
    const input = await w.flipInput(KILL_SWITCH);
    const change = await w.client.request('flags.flip', input);
    expect(change.after).toEqual(input.to);
    expect((await w.audit())[0]).toMatchObject({ outcome: 'confirmed', message: expect.stringMatching(/closed the connection.*A re-read shows the flip took effect/) });
  });

  it('times out a write that never answers, and says from a fresh read that the flag did not change', async () => {
    const neverAnswers = (_real: FlagService, _write: unknown, signal: AbortSignal) =>
      new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    const w = await worldWhoseWrite(neverAnswers, { flipTiming: { writeBudgetMs: 300 } });
    const input = await w.flipInput(KILL_SWITCH);
    const error = await w.flipRefusal(input);
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not change in production/);
    expect((await w.audit())[0]!.outcome).toBe('failed');
  });

  it('says the state is unknown when neither the write nor the re-read answers, and never reports it as flipped', async () => {
    const w = await worldWhoseWrite(async () => {
      throw answerLost();
    });
    const input = await w.flipInput(KILL_SWITCH);
    // The re-read fails too: the whole flag service is gone.
    await w.demo.stop();
    const error = await w.flipRefusal(input);
    expect(error.message).toMatch(/Whether search\.suggestions-kill-switch changed in production is not known/);
    expect((await w.audit())[0]).toMatchObject({ outcome: 'unconfirmed', after: null });
    expect(w.events('flags.changed')).toEqual([]);
  });
});

describe('Graphite down while flipping', () => {
  it('never blocks the flip: the event waits queued, is retried, and is sent once Graphite is back', async () => {
    const graphite = { up: false };
    const wrap = (set: BackendSet): BackendSet => {
      const real = set.changes!;
      const changes: ChangeRecorder = Object.assign(Object.create(real) as ChangeRecorder, {
        record: async (...args: Parameters<ChangeRecorder['record']>) => {
          if (!graphite.up) throw new BackendUnavailableError('Graphite at http://127.0.0.1 refused the connection.');
          return real.record(...args);
        },
      });
      return { ...set, changes };
    };
    const w = await startFlagWorld({ wrap, flipTiming: { publishRetryDelaysMs: [50] } });
    cleanups.push(w.stop);
    const change = await w.client.request('flags.flip', await w.flipInput(KILL_SWITCH));
    expect(w.events('markers.added')).toHaveLength(1);
    // Retried: a second attempt has failed too, and the entry says so.
    await expect.poll(async () => (await w.audit())[0]!.publish?.attempts).toBeGreaterThanOrEqual(2);
    expect((await w.audit())[0]!.publish).toMatchObject({ state: 'queued', lastError: expect.stringContaining('refused the connection') });
    const eventsApi = async () => (await w.client.request('backends.status', {})).find((s) => s.id.endsWith('-flag-events'));
    expect(await eventsApi()).toMatchObject({ state: 'down', message: expect.stringContaining('refused the connection') });
    graphite.up = true;
    await expect.poll(async () => (await w.audit())[0]!.publish?.state).toBe('sent');
    expect((await eventsApi())!.state).toBe('ok');
    const markers = await w.client.request('markers.list', { from: change.at - 60_000, until: change.at + 60_000 });
    expect(markers.filter((m) => m.kind === 'flip' && m.tags.includes(KILL_SWITCH))).toHaveLength(1);
  });

  it('sends after a restart what was still queued when the app stopped', async () => {
    const down = (set: BackendSet): BackendSet => ({ ...set, changes: { ...set.changes!, record: async () => Promise.reject(new Error('Graphite is down')) } });
    const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-restart-'));
    cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
    const first = await startFlagWorld({ wrap: down, stateDir, flipTiming: { publishRetryDelaysMs: [60_000] } });
    await first.client.request('flags.flip', await first.flipInput(KILL_SWITCH));
    await expect.poll(async () => (await first.audit())[0]!.publish?.state).toBe('queued');
    await first.stop();
    const second = await startFlagWorld({ stateDir });
    cleanups.push(second.stop);
    await expect.poll(async () => (await second.audit())[0]!.publish).toMatchObject({ state: 'sent', lastError: null });
  });
});
