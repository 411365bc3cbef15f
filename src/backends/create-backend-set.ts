import path from 'node:path';

import type { BackendDefinition, DeploySourceDefinition, GraphiteDefinition, LogSourceDefinition } from '../contract/backend-definitions';
import { createGraphiteChangeRecorder } from '../deploys/graphite-change-recorder';
import { createGraphiteEventsSource } from '../deploys/graphite-events-source';
import { createGraphiteSeriesSource } from '../deploys/graphite-series-source';
import { createHttpJsonDeploySource } from '../deploys/http-json-deploy-source';
import { NotConfiguredError } from '../errors';
import { createFlagBackend } from '../flags/create-flag-backend';
import { createGraphiteMetricsSource } from '../graphite/graphite-metrics-source';
import { createHttpLogSource } from '../logs/http-log-source';
import { createJournalGatewaySource } from '../logs/journal/journal-gateway-source';
import { createSshJournalSource } from '../logs/journal/ssh-journal-source';
import { createSshLogSource } from '../logs/ssh/ssh-log-source';
import type { BackendFactory } from '../service/create-ops-service';
import type { BackendIdentity, BackendSet, LogSource, MarkerSource } from './backend-set';
import type { SecretReader } from './http-client';
import { createMemoryChangeLog } from './memory-change-log';

export interface BackendFactoryOptions {
  /** The app's state directory: SSH host keys the user trusted are kept in its `known_hosts`. */
  stateDir?: string;
}

/** The real adapters, for every host: the demo world runs through exactly these. */
export function createBackendFactory(secrets: SecretReader, options: BackendFactoryOptions = {}): BackendFactory {
  const knownHostsFile = options.stateDir ? path.join(options.stateDir, 'known_hosts') : undefined;
  const ssh = knownHostsFile ? { knownHostsFile } : {};
  const logSource = (definition: LogSourceDefinition): LogSource => {
    // SSH logs and journals go through the read-only forced-command wrapper; the rest is HTTP GET.
    switch (definition.type) {
      case 'ssh':
        return createSshLogSource(definition, secrets, ssh);
      case 'ssh-journal':
        return createSshJournalSource(definition, secrets, ssh);
      case 'journal-gateway':
        return createJournalGatewaySource(definition, secrets);
      case 'http':
        return createHttpLogSource(definition, secrets);
    }
  };
  return {
    build: (definitions, dataSource) => buildBackendSet(definitions, dataSource, secrets, logSource),
    async check(definition, all, signal) {
      const graphites = all.filter((d): d is GraphiteDefinition => d.kind === 'graphite');
      return adapterFor(definition, graphites, secrets, logSource).check(signal);
    },
  };
}

type LogSourceMaker = (definition: LogSourceDefinition) => LogSource;

function buildBackendSet(definitions: BackendDefinition[], dataSource: BackendSet['dataSource'], secrets: SecretReader, logSource: LogSourceMaker): BackendSet {
  const graphites = definitions.filter((d): d is GraphiteDefinition => d.kind === 'graphite');
  const primaryGraphite = graphites[0];
  const deploys = definitions.filter((d): d is DeploySourceDefinition => d.kind === 'deploys');
  const flagDefinition = definitions.find((d) => d.kind === 'flags');
  const logs = definitions.filter((d) => d.kind === 'logs');

  // Flips are published to the first Graphite as events and read back from there, so every
  // console watching that Graphite sees them; without a Graphite they live for this session.
  const sessionLog = primaryGraphite ? null : createMemoryChangeLog();
  const flipSource: MarkerSource = primaryGraphite
    ? createGraphiteEventsSource({ id: `${primaryGraphite.id}-flag-events`, name: `Flag flips in ${primaryGraphite.name ?? primaryGraphite.id}`, graphite: primaryGraphite, tags: ['flag'], kind: 'flip' }, secrets)
    : sessionLog!;

  // Flips made in the flag service itself (Unleash's event log) are markers too, minus the console's own.
  const flagBackend = flagDefinition ? createFlagBackend(flagDefinition, secrets, flipSource) : null;

  return {
    dataSource,
    metrics: primaryGraphite ? stamp(createGraphiteMetricsSource(primaryGraphite, secrets), primaryGraphite) : null,
    markers: [...deploys.map((d) => stamp(deploySource(d, graphites, secrets), d)), flipSource, ...(flagBackend?.markers.map((m) => stamp(m, flagDefinition!)) ?? [])],
    flags: flagBackend ? stamp(flagBackend.flags, flagDefinition!) : null,
    changes: primaryGraphite ? createGraphiteChangeRecorder(primaryGraphite, secrets) : sessionLog,
    logs: logs.map((d) => stamp(logSource(d), d)),
  };
}

function adapterFor(definition: BackendDefinition, graphites: GraphiteDefinition[], secrets: SecretReader, logSource: LogSourceMaker): BackendIdentity {
  switch (definition.kind) {
    case 'graphite':
      return createGraphiteMetricsSource(definition, secrets);
    case 'deploys':
      return deploySource(definition, graphites, secrets);
    case 'flags':
      return createFlagBackend(definition, secrets).flags;
    case 'logs':
      return logSource(definition);
  }
}

function deploySource(definition: DeploySourceDefinition, graphites: GraphiteDefinition[], secrets: SecretReader): MarkerSource {
  const name = definition.name ?? definition.id;
  if (definition.type === 'http-json') return createHttpJsonDeploySource(definition, secrets);
  const graphite = graphites.find((g) => g.id === definition.graphite);
  if (!graphite) throw new NotConfiguredError(`The deploy source "${definition.id}" names a graphite backend "${definition.graphite}" that is not configured.`);
  return definition.type === 'graphite-events'
    ? createGraphiteEventsSource({ id: definition.id, name, graphite, tags: definition.tags, kind: 'deploy' }, secrets)
    : createGraphiteSeriesSource({ id: definition.id, name, graphite, target: definition.target }, secrets);
}

/** Marks an adapter with its definition, so live work restarts only when the definition changes. */
function stamp<T extends BackendIdentity>(adapter: T, definition: BackendDefinition): T {
  return Object.assign(adapter, { fingerprint: JSON.stringify(definition) });
}
