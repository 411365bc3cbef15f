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

  usesDemo(settings: Settings): boolean {
    return this.demo !== null && this.config.status.state === 'absent' && settings.backends.length === 0 && settings.dashboards.length === 0;
  }

  entries(settings: Settings): BackendEntry[] {
    if (this.usesDemo(settings)) return this.demo!.backends.map((definition) => ({ definition, origin: 'demo' }));
    return [
      ...this.config.backends.map((definition) => ({ definition, origin: 'config' as const })),
      ...settings.backends.map((definition) => ({ definition, origin: 'settings' as const })),
    ];
  }

  dashboards(settings: Settings): DashboardEntry[] {
    if (this.usesDemo(settings)) return this.demo!.dashboards.map((dashboard) => ({ dashboard, origin: 'demo' }));
    return [
      ...this.config.dashboards.map((dashboard) => ({ dashboard, origin: 'config' as const })),
      ...settings.dashboards.map((dashboard) => ({ dashboard, origin: 'settings' as const })),
    ];
  }

  isFromConfig(id: string): boolean {
    return this.config.backends.some((b) => b.id === id);
  }

  configStatus() {
    return this.config.status;
  }
}
