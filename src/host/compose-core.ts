import os from 'node:os';
import path from 'node:path';

import type { HostKind } from '../contract/wire-types';
import { createWebhookAnnouncer } from '../audit/flip-announcer';
import { BackendCatalog } from '../backends/backend-catalog';
import type { DemoCatalog } from '../backends/backend-catalog';
import type { LoadedConfig } from '../config/config-file';
import type { SecretVault } from '../config/secret-vault';
import { createSettingsService } from '../config/settings';
import type { SettingsStore } from '../config/settings';
import type { Logger } from '../log';
import { createOpsService } from '../service/create-ops-service';
import type { BackendFactory, OpsServiceDeps } from '../service/create-ops-service';
import type { FlipRecordOptions } from '../service/flag-handlers';
import { createDispatcher } from '../service/dispatcher';
import type { Dispatch } from '../service/dispatcher';
import { createEventHub } from '../service/event-hub';
import { LastKnownStore } from '../service/last-known-store';
import type { EventHub } from '../service/event-hub';

export interface CoreOptions {
  host: HostKind;
  version: string;
  settingsStore: SettingsStore;
  secretVault: SecretVault;
  logger: Logger;
  /** The config file as loaded; absent when there is none. */
  config?: LoadedConfig;
  /** The demo world's backends, used while nothing else is configured. */
  demo?: DemoCatalog | null;
  /** Turns definitions into adapters: the real one in the app, fakes in component tests. */
  factory: BackendFactory;
  checkOutputs?: boolean;
  /** Where the audit log of flips is kept: browser mode's --state-dir, the desktop app's userData folder. */
  stateDir: string;
  /** Shorter flip and Graphite-retry clocks, for tests. */
  flipTiming?: Omit<FlipRecordOptions, 'auditFile' | 'onError'>;
  /** The demo world's incident drill; absent when the demo is not running. */
  drill?: OpsServiceDeps['drill'];
  /** The core's clock (flips, ramps); tests give one they drive. */
  now?: () => number;
  /** How often guarded ramps are looked at; null: only when a test calls `checkRamps`. */
  rampWatchEveryMs?: number | null;
}

export interface Core {
  dispatch: Dispatch;
  events: EventHub;
  /** One look at every running guarded ramp, as the core's ticker does every few seconds. */
  checkRamps: () => Promise<void>;
  start: () => void;
  /** Resolves once what must outlive the run (the last-known renders) is on disk. */
  stop: () => Promise<void>;
}

const noConfig: LoadedConfig = { status: { path: '(none)', state: 'absent', error: null }, backends: [], dashboards: [] };

/** Wires the core the same way for every host, so the Electron app and browser mode cannot drift apart. */
export function composeCore(options: CoreOptions): Core {
  const { logger } = options;
  const events = createEventHub((error) => logger.warn('event.listener_failed', { error }));
  const service = createOpsService({
    host: options.host,
    version: options.version,
    catalog: new BackendCatalog(options.config ?? noConfig, options.demo ?? { backends: [], dashboards: [] }),
    factory: options.factory,
    settings: createSettingsService(options.settingsStore),
    secrets: options.secretVault,
    events,
    drill: options.drill ?? null,
    ...(options.now ? { now: options.now } : {}),
    ramps: {
      file: path.join(options.stateDir, 'guarded-ramps.json'),
      runner: runnerName(options.host),
      ...(options.rampWatchEveryMs !== undefined ? { watchEveryMs: options.rampWatchEveryMs } : {}),
    },
    lastKnown: new LastKnownStore(lastKnownFilePath(options.stateDir), (error) => logger.warn('last_known.not_kept', { error })),
    configRole: options.config?.role,
    flips: {
      auditFile: auditFilePath(options.stateDir),
      onError: (event, error) => logger.error(event, { error }),
      ...(options.config?.flipWebhook
        ? { announce: createWebhookAnnouncer(options.config.flipWebhook, options.secretVault, (error) => logger.warn('flip.webhook_failed', { error })) }
        : {}),
      ...options.flipTiming,
    },
  });
  const dispatch = createDispatcher(service.handlers, {
    logger,
    checkOutputs: options.checkOutputs ?? process.env.NODE_ENV !== 'production',
  });
  return { dispatch, events, checkRamps: service.checkRamps, start: service.start, stop: service.stop };
}

/** Where a guarded ramp runs, for every step's marker: it advances only while this process does. */
function runnerName(host: HostKind): string {
  const what = host === 'electron' ? 'the desktop app' : host === 'browser' ? 'the browser-mode host' : 'an in-process core';
  return `${what} on ${os.hostname()} (pid ${process.pid})`;
}

/** The dashboards' last-known renders, drawn at once on a reload or the next start. */
export function lastKnownFilePath(stateDir: string): string {
  return path.join(stateDir, 'last-known-renders.json');
}

/** The audit log of flip attempts (JSON lines), next to the settings, where `audit.list` says it is. */
export function auditFilePath(stateDir: string): string {
  return path.join(stateDir, 'flip-audit.jsonl');
}
