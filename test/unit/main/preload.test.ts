import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { OpsBridge } from '../../../src/contract/bridge';
import type { EventEnvelope } from '../../../src/contract/events';
import { runWithFakeElectron } from './bundle-with-fake-electron';
import { createFakeRendererElectron } from './fake-electron';

// The real preload bundle, against a fake ipcRenderer and contextBridge.
const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-preload-'));
const fake = createFakeRendererElectron();
let bridge: OpsBridge;

beforeAll(async () => {
  await runWithFakeElectron('main/preload.ts', dir, fake);
  bridge = fake.exposed.opsBridge as OpsBridge;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preload', () => {
  it('exposes only opsBridge, with only request and on', () => {
    expect(Object.keys(fake.exposed)).toEqual(['opsBridge']);
    expect(Object.keys(bridge).sort()).toEqual(['on', 'request']);
  });

  it('sends every request on ops:request and returns the answer as is', async () => {
    await expect(bridge.request('flags.list', {})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(fake.ipcRenderer.invoked).toEqual([['ops:request', 'flags.list', {}]]);
  });

  it('delivers ops:event envelopes without the IPC event, and unsubscribes for real', () => {
    const seen: unknown[][] = [];
    const stop = bridge.on((...args: unknown[]) => void seen.push(args));
    const envelope: EventEnvelope = { name: 'flags.changed', payload: { key: 'search' } };
    fake.ipcRenderer.emit('ops:event', { sender: fake.ipcRenderer }, envelope);
    expect(seen).toEqual([[envelope]]);
    expect(fake.ipcRenderer.listenerCount('ops:event')).toBe(1);
    stop();
    expect(fake.ipcRenderer.listenerCount('ops:event')).toBe(0);
    fake.ipcRenderer.emit('ops:event', {}, envelope);
    expect(seen).toHaveLength(1);
  });
});
