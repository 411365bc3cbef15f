// One console as a person on call has it open, for the many-consoles bench: its own core (the
// real one, in this process, with its own state directory and config file) and what its window
// asks of it: the dashboard's own loader (renderer/features/graphs/dashboard-loader.ts, the code
// the page runs) with the refresh clock as useDashboardWindow drives it, and the switchboard's
// flag polling as useOpsQuery drives it (a tick while a poll still runs is skipped). Bundled by
// esbuild for the bench (consoles-bench.mjs); nothing here is part of the app.
import { createMemorySecretVault } from '../../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../../src/config/settings';
import { createOpsClient } from '../../../src/contract/client';
import { createInProcessBridge } from '../../../src/host/in-process-bridge';
import { startCore } from '../../../src/host/start-core';
import { createLogger } from '../../../src/log';
import { DashboardLoader } from '../../../renderer/features/graphs/dashboard-loader';

export { MAX_LOADS_IN_FLIGHT } from '../../../renderer/features/graphs/dashboard-loader';

export interface ConsoleOptions {
  configPath: string;
  stateDir: string;
  secrets: Record<string, string>;
  rangeMinutes: number;
  refreshSeconds: number;
  /** Every panel's plot width, as the page would measure it. */
  plotWidth: number;
}

export interface RunningConsole {
  stop: () => Promise<void>;
}

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { rangeMinutes, refreshSeconds, plotWidth } = options;
  const started = await startCore({
    host: 'in-process',
    version: 'bench',
    settingsStore: createMemorySettingsStore({ rangeMinutes, autoRefreshSeconds: refreshSeconds }),
    secretVault: createMemorySecretVault({ seed: options.secrets, note: 'bench' }),
    logger: createLogger(() => {}),
    configPath: options.configPath,
    stateDir: options.stateDir,
  });
  const client = createOpsClient(createInProcessBridge(started.core));
  const { dashboards } = await client.request('dashboards.open', { dashboardId: null, rangeMinutes: null });
  const dashboard = dashboards[0]!.dashboard;

  // The dashboard: every panel at its width, the live window, and the refresh clock's ticks
  // that the loader does not hold back.
  const loader = new DashboardLoader(
    client,
    dashboard.panels.map((p) => p.targets),
  );
  dashboard.panels.forEach((_, i) => loader.setPlotWidth(i, plotWidth));
  const endingNow = () => ({ from: Date.now() - rangeMinutes * 60_000, until: Date.now() });
  loader.show(endingNow(), true);
  const intervalMs = refreshSeconds * 1000;
  const clock = setInterval(() => {
    if (loader.readyForRefresh(intervalMs)) loader.show(endingNow(), true);
  }, intervalMs);

  // The switchboard: the flag list on the same clock, never two at once.
  let polling = false;
  const poll = () => {
    if (polling) return;
    polling = true;
    client.request('flags.list', {}).then(
      () => (polling = false),
      () => (polling = false),
    );
  };
  poll();
  const flags = setInterval(poll, intervalMs);

  return {
    stop: async () => {
      clearInterval(clock);
      clearInterval(flags);
      loader.stop();
      await started.stop();
    },
  };
}
