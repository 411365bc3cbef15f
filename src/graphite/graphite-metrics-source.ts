import type { MetricsSource } from '../backends/backend-set';
import type { SecretReader } from '../backends/http-client';
import type { GraphiteDefinition } from '../contract/backend-definitions';
import { createGraphiteClient } from './graphite-client';

/** The graphs' Graphite: render for the panels, metrics/find for the metric browser and "test connection". */
export function createGraphiteMetricsSource(def: GraphiteDefinition, secrets: SecretReader): MetricsSource {
  const client = createGraphiteClient(def, secrets);
  return {
    id: def.id,
    kind: 'graphite',
    name: client.name,
    render: (query, signal) => client.render(query, signal),
    // treejson's `expandable` is the opposite of `leaf` on every graphite-web we know.
    find: async (query, signal) => (await client.find(query, signal)).map((n) => ({ path: n.id, text: n.text, leaf: n.leaf, expandable: !n.leaf })),
    async check(signal) {
      const [nodes, version] = await Promise.all([client.find('*', signal), client.version(signal)]);
      const who = version ? `Graphite ${version}` : 'Graphite';
      if (nodes.length === 0) return `${who} answered, but has no metrics yet: is carbon receiving data?`;
      const shown = nodes.slice(0, 5).map((n) => n.text);
      const more = nodes.length > shown.length ? ', …' : '';
      return `${who} answered: ${nodes.length} ${nodes.length === 1 ? 'metric' : 'metrics'} at the top level (${shown.join(', ')}${more}).`;
    },
  };
}
