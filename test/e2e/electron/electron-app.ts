import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { _electron, test as base } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';

import { locateElectron } from '../../../main/electron-binary.mjs';
import type { OpsBridge } from '../../../src/contract/bridge';
import type { EventEnvelope } from '../../../src/contract/events';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The same lookup `npm start` uses; it never requires `electron`, which would start a download. */
export const electronBinary = locateElectron().binary;
export const skipReason = 'Electron binary absent (node_modules/electron/dist missing; it cannot be downloaded here): skipped';

export interface RunningConsole {
  app: ElectronApplication;
  page: Page;
  /** Resolves with the fields of the next JSON log line main writes for `event`. */
  nextLog: (event: string, timeoutMs?: number) => Promise<Record<string, unknown>>;
}

/** Starts the built app (out/main) on a fresh, empty userData folder; `close` quits it and deletes the folder. */
export async function launchOpsConsole(): Promise<RunningConsole & { close(): Promise<void> }> {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'ops-console-e2e-'));
  const app = await _electron.launch({
    executablePath: electronBinary!,
    // The project folder, as `npm start` passes it: Electron reads package.json's main, name and version.
    // Chromium refuses to start as root with its sandbox on; CI containers run as root.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
    cwd: root,
    env: { ...process.env, OPS_CONSOLE_USER_DATA: userData },
  });
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<(line: Record<string, unknown>) => void>();
  let partial = '';
  app.process().stderr?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const raw of complete) {
      const line = parseJson(raw);
      if (!line) continue;
      lines.push(line);
      for (const waiter of waiters) waiter(line);
    }
  });
  const page = await app.firstWindow();
  return {
    app,
    page,
    nextLog: (event, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const done = (line: Record<string, unknown>) => {
          if (line.event !== event) return;
          clearTimeout(timer);
          waiters.delete(done);
          resolve(line);
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          reject(new Error(`main logged no ${event} within ${timeoutMs} ms (saw: ${lines.map((l) => String(l.event)).join(', ')})`));
        }, timeoutMs);
        waiters.add(done);
      }),
    async close() {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

function parseJson(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

type BridgedWindow = Window & { opsBridge: OpsBridge; __opsTestEvent(event: EventEnvelope): void };

/**
 * The contract over real IPC: each request runs `window.opsBridge.request` in the page (preload,
 * ipcRenderer, ipcMain, dispatcher), and events the preload delivers come back through a binding.
 */
export async function ipcBridge(page: Page): Promise<OpsBridge> {
  const listeners = new Set<(event: EventEnvelope) => void>();
  await page.exposeBinding('__opsTestEvent', (_source, event: EventEnvelope) => listeners.forEach((listener) => listener(event)));
  await page.evaluate(() => {
    const w = window as unknown as BridgedWindow;
    w.opsBridge.on((event) => w.__opsTestEvent(event));
  });
  return {
    request: (name, input) =>
      page.evaluate(([n, i]) => (window as unknown as BridgedWindow).opsBridge.request(n, i), [name, input] as [string, unknown]),
    on(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** `sharedConsole` lasts the worker (read-only checks); `freshConsole` is new for every test. */
export const test = base.extend<{ freshConsole: RunningConsole }, { sharedConsole: RunningConsole }>({
  sharedConsole: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture names from this pattern.
    async ({}, use) => {
      const running = await launchOpsConsole();
      await use(running);
      await running.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern -- as above.
  freshConsole: async ({}, use) => {
    const running = await launchOpsConsole();
    await use(running);
    await running.close();
  },
});
