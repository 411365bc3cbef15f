import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import type { BackendDefinition } from '../contract/backend-definitions';
import type { DemoCatalog } from '../backends/backend-catalog';
import type { DrillResult } from '../contract/incident-types';
import { rememberSecret } from '../secret-mask';
import { demoDashboards } from './demo-dashboards';
import { runIncidentDrill } from './drill';
import { startGraphiteDemoServer } from './graphite-demo-server';
import { startLogDemoServer } from './log-demo-server';
import { startLogWriters } from './log-writers';
import { startUnleashDemoServer } from './unleash-demo-server';
import { DemoWorld } from './world';

export interface RunningDemo {
  world: DemoWorld;
  catalog: DemoCatalog;
  /** The demo's own credentials: resolved for the demo backends only, never stored in the user's vault. */
  secrets: Record<string, string>;
  /** Plays the incident drill into the running world (src/demo/drill.ts). */
  drill: (signal: AbortSignal) => Promise<DrillResult>;
  stop: () => Promise<void>;
}

export const DEMO_TOKEN_SECRET = 'demo.unleash.token';

/**
 * The embedded demo: real servers on loopback speaking Graphite, Unleash and HTTP logs, all
 * reading one simulated production. The real adapters talk to them, so the demo exercises
 * exactly the code a configured user runs; there is no demo-only path.
 */
export async function startDemoWorld(options: { now?: () => number; logTickMs?: number } = {}): Promise<RunningDemo> {
  const world = new DemoWorld(options.now);
  const token = `*:*.${randomBytes(16).toString('hex')}`;
  // Outside the vault, but a secret all the same: masked like the user's own.
  rememberSecret(token);
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'ops-console-demo-logs-'));
  const writers = startLogWriters(world, logDir, options.logTickMs ? { tickMs: options.logTickMs } : {});
  const [graphite, unleash, logs] = await Promise.all([
    startGraphiteDemoServer(world),
    startUnleashDemoServer(world.flags, { token }),
    startLogDemoServer(logDir),
  ]);

  const backends: BackendDefinition[] = [
    { kind: 'graphite', id: 'demo-graphite', name: 'Graphite (demo)', url: graphite.url, auth: { type: 'none' } },
    { kind: 'deploys', type: 'graphite-events', id: 'demo-deploys', name: 'Deploys (demo Graphite events)', graphite: 'demo-graphite', tags: ['deploy'] },
    { kind: 'flags', type: 'unleash', id: 'demo-unleash', name: 'Unleash (demo)', url: unleash.url, tokenSecret: DEMO_TOKEN_SECRET, project: 'default' },
    ...writers.files.map(
      (file): BackendDefinition => ({
        kind: 'logs',
        type: 'http',
        id: `${file.host}-app`,
        name: `${file.host} app.log (demo)`,
        url: `${logs.url}/${file.path}`,
        auth: { type: 'none' },
        host: file.host,
        service: file.service,
        bufferLines: 100_000,
      }),
    ),
  ];

  return {
    world,
    catalog: { backends, dashboards: demoDashboards },
    secrets: { [DEMO_TOKEN_SECRET]: token },
    drill: (signal) => runIncidentDrill(world, graphite.url, signal),
    async stop() {
      writers.stop();
      await Promise.all([graphite.close(), unleash.close(), logs.close()]);
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
