import type { BackendDefinition, BackendEntry, DashboardDefinition, DashboardEntry } from '../contract/backend-definitions';
import type { LoadedConfig } from '../config/config-file';
import type { Settings } from '../contract/wire-types';

/** The demo world's own backends and dashboards, served over loopback by the demo servers. */
export interface DemoCatalog {
  backends: BackendDefinition[];
  dashboards: DashboardDefinition[];
}

/**
 * Which backends are in use, and where each is defined. The config file's are read-only in the
 * app; the app's own live in settings; the demo is used only while neither defines anything,
 * so a new user sees a believable production and a configured user sees theirs.
 */
export class BackendCatalog {
  constructor(
    private readonly config: LoadedConfig,
    private readonly demo: DemoCatalog | null,
  ) {}

  // Only backends decide: a dashboard saved while trying the demo draws from the demo's Graphite,
  // so switching the demo off then would leave that new dashboard with nothing to show.
  usesDemo(settings: Settings): boolean {
    return this.demo !== null && this.config.status.state === 'absent' && settings.backends.length === 0;
  }

  entries(settings: Settings): BackendEntry[] {
    if (this.usesDemo(settings)) return this.demo!.backends.map((definition) => ({ definition, origin: 'demo' }));
    return [
      ...this.config.backends.map((definition) => ({ definition, origin: 'config' as const })),
      ...settings.backends.map((definition) => ({ definition, origin: 'settings' as const })),
    ];
  }

  dashboards(settings: Settings): DashboardEntry[] {
    if (this.usesDemo(settings)) {
      // A user who adds or edits a dashboard in the demo still sees it next to the demo's; a saved
      // copy of a demo dashboard (same id) takes its place, and removing the copy brings it back.
      const own = new Map(settings.dashboards.map((d) => [d.id, d]));
      return [
        ...this.demo!.dashboards.map((d): DashboardEntry => (own.has(d.id) ? { dashboard: own.get(d.id)!, origin: 'settings' } : { dashboard: d, origin: 'demo' })),
        ...settings.dashboards.filter((d) => !this.demo!.dashboards.some((x) => x.id === d.id)).map((dashboard) => ({ dashboard, origin: 'settings' as const })),
      ];
    }
    return [
      ...this.config.dashboards.map((dashboard) => ({ dashboard, origin: 'config' as const })),
      ...settings.dashboards.map((dashboard) => ({ dashboard, origin: 'settings' as const })),
    ];
  }

  isFromConfig(id: string): boolean {
    return this.config.backends.some((b) => b.id === id);
  }

  isDashboardFromConfig(id: string): boolean {
    return this.config.dashboards.some((d) => d.id === id);
  }

  configStatus() {
    return this.config.status;
  }
}
