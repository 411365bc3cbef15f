import type { MarkerSource } from '../backends/backend-set';
import { authHeaders, createHttpClient } from '../backends/http-client';
import type { SecretReader } from '../backends/http-client';
import { parseWhen, text, valueAt } from '../backends/json-fields';
import type { DeploySourceDefinition } from '../contract/backend-definitions';
import type { Marker } from '../contract/wire-types';
import { BackendUnavailableError } from '../errors';
import { describeAge, plural, safeLink } from './marker-fields';

export type HttpJsonDeployDefinition = Extract<DeploySourceDefinition, { type: 'http-json' }>;

/**
 * Deploys from any deploy log that lists them as JSON (a deploy tool's API, a CI server's
 * export): the list is found at `itemsPath`, and each item's who/what/when/link at the
 * configured field paths. Items without a readable time are left out, not fatal.
 */
export function createHttpJsonDeploySource(def: HttpJsonDeployDefinition, secrets: SecretReader, now: () => number = Date.now): MarkerSource {
  const name = def.name ?? def.id;
  const http = createHttpClient({ name, baseURL: def.url, caFile: def.caFile, headers: () => authHeaders(def.auth, secrets, name) });

  const fetchAll = async (signal: AbortSignal): Promise<{ markers: Marker[]; unreadable: number }> => {
    const response = await http.get<unknown>(def.url, { signal });
    const items = def.itemsPath ? valueAt(response.data, def.itemsPath) : response.data;
    if (!Array.isArray(items)) {
      const where = def.itemsPath ? `"${def.itemsPath}" in its answer` : 'its answer';
      throw new BackendUnavailableError(`${name} at ${def.url} answered, but ${where} is not a list of deploys: check the items path in its settings.`);
    }
    const markers: Marker[] = [];
    for (const item of items) {
      const when = parseWhen(valueAt(item, def.fields.when));
      if (when === null) continue;
      const what = text(valueAt(item, def.fields.what)) ?? '(no description)';
      markers.push({
        id: `http-json:${def.id}:${when}:${what}`,
        kind: 'deploy',
        at: when,
        who: text(valueAt(item, def.fields.who)) ?? 'unknown',
        what,
        link: def.fields.link ? safeLink(valueAt(item, def.fields.link)) : null,
        tags: ['deploy'],
      });
    }
    return { markers: markers.sort((a, b) => a.at - b.at), unreadable: items.length - markers.length };
  };

  return {
    id: def.id,
    kind: 'deploys',
    name,
    list: async (from, until, signal) => (await fetchAll(signal)).markers.filter((m) => m.at >= from && m.at <= until),
    async check(signal) {
      const { markers, unreadable } = await fetchAll(signal);
      const latest = markers.at(-1);
      const skipped = unreadable ? ` (${plural(unreadable, 'item')} without a readable "${def.fields.when}" left out)` : '';
      const tail = latest ? `; the latest ${describeAge(latest.at, now())} by ${latest.who}: ${latest.what}` : '';
      return `${name} answered: ${plural(markers.length, 'deploy')} listed${skipped}${tail}.`;
    },
  };
}

