import { render, screen } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { DemoCatalog } from '../../../src/backends/backend-catalog';
import type { BackendSet, FlagService } from '../../../src/backends/backend-set';
import type { LoadedConfig } from '../../../src/config/config-file';
import { createMemorySecretVault } from '../../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../../src/config/settings';
import type { DashboardDefinition, PanelDefinition } from '../../../src/contract/backend-definitions';
import type { EventName, EventPayload } from '../../../src/contract/events';
import type { Flag, FlagSetting } from '../../../src/contract/wire-types';
import { createFakeBackends, flagServiceOver } from '../../fakes/fake-backends';
import { composeCore } from '../../../src/host/compose-core';
import type { CoreOptions } from '../../../src/host/compose-core';
import { createInProcessBridge } from '../../../src/host/in-process-bridge';
import { createLogger } from '../../../src/log';
import type { BackendFactory } from '../../../src/service/create-ops-service';
import { connect } from '../../../renderer/api/ops-client';
import { App } from '../../../renderer/app/app';
import { withBoot } from '../../../renderer/app/boot';

export interface TestCore {
  /** Pretend the event stream dropped and came back (what the HTTP bridge reports). */
  reconnect(): void;
  stop(): void;
  /** What another window on the same core would do. */
  dispatch(name: string, input: unknown): Promise<unknown>;
  /** An event from the host itself (Electron's main sends app.navigate for a deep link). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  requests: string[];
  /** Every request as the window sent it, input included. */
  inputs: { name: string; input: unknown }[];
  /** What the vault holds under `name` (what a backend would be given). */
  secret(name: string): string | undefined;
}

export interface RenderAppOptions {
  backends?: BackendSet;
  savedSettings?: unknown;
  /** The demo catalog: its dashboards are what `dashboards.list` answers while nothing is configured. */
  demo?: DemoCatalog;
  /** A loaded config file (valid or not); its backends and dashboards replace the demo's. */
  config?: LoadedConfig;
  /** What "Test connection" answers (or throws); every definition gets 'test backends' otherwise. */
  check?: BackendFactory['check'];
  /** Shorter flip clocks, so a flip that never answers times out within a test. */
  flipTiming?: CoreOptions['flipTiming'];
}

/** One panel over the fake series, which answers any target: the default dashboard of these tests. */
export const webPanel: PanelDefinition = { title: 'web requests/s', targets: ['stand-in.web.requests'], unit: 'req/s' };
export const oneDashboard: DashboardDefinition = { id: 'web', title: 'Web', panels: [webPanel] };

/**
 * The real core behind the in-process bridge, so the UI is tested against the real dispatcher,
 * validation and service; only the backends are swapped for failure cases.
 */
export function renderApp(options: RenderAppOptions = {}) {
  const secretVault = createMemorySecretVault({ note: 'Tests keep secrets in memory only.' });
  // The flip audit log is a real file: each rendered app gets its own, removed when it stops.
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-renderer-test-'));
  const core = composeCore({
    host: 'in-process',
    version: '0.0.0-test',
    settingsStore: createMemorySettingsStore(options.savedSettings),
    secretVault,
    logger: createLogger(() => {}),
    factory: backendsFactory(options.backends ?? quietFakes(), options.check),
    demo: options.demo ?? { backends: [], dashboards: [oneDashboard] },
    ...(options.config ? { config: options.config } : {}),
    checkOutputs: true,
    stateDir,
    ...(options.flipTiming ? { flipTiming: options.flipTiming } : {}),
  });
  core.start();
  const bridge = createInProcessBridge(core);
  const requests: string[] = [];
  const inputs: { name: string; input: unknown }[] = [];
  const reconnectListeners = new Set<() => void>();
  // Booted as main.tsx boots the window, so the tests see the first paint the app really makes.
  const connection = withBoot(
    connect({
      request: (name, input, signal) => (requests.push(name), inputs.push({ name, input: structuredClone(input) }), bridge.request(name, input, signal)),
      on: (listener) => bridge.on(listener),
      onReconnect: (listener) => (reconnectListeners.add(listener), () => void reconnectListeners.delete(listener)),
    }),
    window.location.hash,
  );
  const view = render(<App connection={connection} />);
  const testCore: TestCore = {
    reconnect: () => reconnectListeners.forEach((listener) => listener()),
    stop: () => (core.stop(), rmSync(stateDir, { recursive: true, force: true })),
    dispatch: (name, input) => core.dispatch(name, input),
    emit: (name, payload) => core.events.emit(name, payload),
    requests,
    inputs,
    secret: (name) => secretVault.reveal(name),
  };
  return { ...view, core: testCore };
}

/**
 * A flip from "another window": through the core, on or off for everyone, against the state the
 * core reports now (so it is never a conflict).
 */
export async function flipThroughCore(core: TestCore, key: string, environment: string, enabled: boolean, reason: string) {
  const listed = (await core.dispatch('flags.list', {})) as { ok: true; value: { flags: Flag[] } };
  const env = listed.value.flags.find((f) => f.key === key)?.environments.find((e) => e.name === environment);
  if (!env) throw new Error(`no ${key} in ${environment}`);
  const expected = { enabled: env.enabled, audience: env.audience, rolloutPercent: env.rolloutPercent };
  return core.dispatch('flags.flip', { key, environment, expected, to: { enabled, audience: 'everyone', rolloutPercent: null }, reason });
}

/** Whatever backends a test hands in stand for the configured ones. */
function backendsFactory(backends: BackendSet, check: BackendFactory['check'] = async () => 'test backends'): BackendFactory {
  return { build: () => backends, check };
}

const AREAS = ['checkout', 'search', 'payments', 'profile', 'feed', 'ads'];
const TYPES: Flag['type'][] = ['release', 'experiment', 'operational', 'kill-switch', 'permission'];

/** Production's setting for flag `i`: every fifth off, every seventh a 25 % rollout, every eleventh staff only. */
function productionSetting(i: number): FlagSetting {
  if (i % 5 === 1) return { enabled: false, audience: 'everyone', rolloutPercent: null };
  if (i % 7 === 3) return { enabled: true, audience: 'percentage', rolloutPercent: 25 };
  if (i % 11 === 4) return { enabled: true, audience: 'staff', rolloutPercent: null };
  return { enabled: true, audience: 'everyone', rolloutPercent: null };
}

/**
 * `count` flags shaped like the demo's (`checkout.flag-007`, development and production), with
 * two that tests look for by name. Every 25th is stale; every third is tagged `web`.
 */
export function manyFlags(count = 300, at = Date.now()): Flag[] {
  return Array.from({ length: count }, (_, i): Flag => {
    const area = AREAS[i % AREAS.length]!;
    const key = i === 0 ? 'checkout.new-tax-engine' : i === 1 ? 'search.kill-suggestions' : `${area}.flag-${String(i).padStart(3, '0')}`;
    return {
      key,
      project: 'default',
      type: i === 1 ? 'kill-switch' : TYPES[i % TYPES.length]!,
      description: i === 0 ? 'New tax calculation in checkout' : i === 1 ? 'Turns off search suggestions under load' : `Flag number ${i} of the ${area} team`,
      tags: i % 3 === 0 ? ['web'] : [],
      stale: i % 25 === 24,
      environments: [
        { name: 'development', production: false, enabled: true, audience: 'everyone', rolloutPercent: null },
        { name: 'production', production: true, ...productionSetting(i) },
      ],
      updatedAt: at - i * 60_000,
      updatedBy: 'kastner@example.com',
    };
  });
}

/** A flag service in memory over `flags`: flips change them, as Unleash would. */
export function memoryFlagService(flags: Flag[]): FlagService {
  return flagServiceOver(flags, { actor: 'test-token', name: 'Flags in memory' });
}

/** Holds every write of `backends.flags` until `open()`, so "pending" can be seen; counts the writes that reached it. */
export function gatedWrites(backends: BackendSet) {
  const service = backends.flags!;
  const gate = deferred<void>();
  let count = 0;
  const write = service.write.bind(service);
  backends.flags = { ...service, write: async (request, signal) => (count++, await gate.promise, write(request, signal)) };
  return { open: () => gate.resolve(), count: () => count };
}

/** The fake backends with a log that does not tick on its own, so line counts are predictable. */
export function quietFakes(): BackendSet {
  return createFakeBackends({ logIntervalMs: 60 * 60_000 });
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export async function findFlagRow(key: string): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('flag-row');
  const row = rows.find((r) => r.dataset.key === key);
  if (!row) throw new Error(`no flag row for ${key}`);
  return row;
}
