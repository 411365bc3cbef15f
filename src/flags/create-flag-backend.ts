import type { FlagService, MarkerSource } from '../backends/backend-set';
import type { SecretReader } from '../backends/http-client';
import type { FlagServiceDefinition } from '../contract/backend-definitions';
import { createHttpJsonFlagService } from './http-json-flag-service';
import { createUnleashFlagService, unleashClient } from './unleash-flag-service';
import { ConsoleWrites, createUnleashFlipMarkers } from './unleash-flip-markers';

export interface FlagBackend {
  flags: FlagService;
  /** Flips made outside the console, where the service keeps a log of them (Unleash does; the generic HTTP service does not). */
  markers: MarkerSource[];
}

/** The flag service a definition names, with the markers of its own change log. */
export function createFlagBackend(def: FlagServiceDefinition, secrets: SecretReader, consoleFlips?: MarkerSource): FlagBackend {
  if (def.type === 'http-json') return { flags: createHttpJsonFlagService(def, secrets), markers: [] };
  const ownWrites = new ConsoleWrites();
  const flags = createUnleashFlagService(def, secrets, { onConfirmedWrite: (key, environment, at) => ownWrites.note(key, environment, at) });
  const { client, where } = unleashClient(def, secrets);
  const name = `Flips in ${def.name ?? `Unleash at ${new URL(def.url).host}`}`;
  const markers = createUnleashFlipMarkers({ id: `${def.id}-events`, name, client, where, project: def.project, url: def.url, ownWrites, consoleFlips });
  return { flags, markers: [markers] };
}
