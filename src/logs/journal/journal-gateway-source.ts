import type { LogSource } from '../../backends/backend-set';
import { authHeaders, createHttpClient } from '../../backends/http-client';
import type { SecretReader } from '../../backends/http-client';
import type { LogSourceDefinition } from '../../contract/backend-definitions';
import { gatewayQuery, startGatewayFollow } from './journal-gateway-follow';
import { isoMicros } from './journal-line-text';
import { journalMatch, matchName } from './journal-match';

export type JournalGatewayDefinition = Extract<LogSourceDefinition, { type: 'journal-gateway' }>;

export interface JournalGatewayOptions {
  /** How many of the latest entries to show on start. */
  initialEntries?: number;
  /** A stream quiet this long is asked again from its cursor (QuietWatch says why). */
  quietMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
}

/**
 * A central journal: systemd-journal-remote collects the hosts' journals (they push with
 * systemd-journal-upload) and systemd-journal-gatewayd serves them over HTTP. Every `_HOSTNAME`
 * in it becomes a host of the fleet, followed through one stream and resumed by cursor.
 * Only GET is ever sent.
 */
export function createJournalGatewaySource(def: JournalGatewayDefinition, secrets: SecretReader, options: JournalGatewayOptions = {}): LogSource {
  const { initialEntries = 1_000, quietMs = 10_000, firstRetryMs = 500, maxRetryMs = 30_000, now = Date.now } = options;
  const match = journalMatch(def);
  const gateway = new URL(def.url).hostname;
  const name = def.name ?? `Journal at ${gateway}`;
  const client = createHttpClient({ name, baseURL: def.url, caFile: def.caFile, headers: () => authHeaders(def.auth, secrets, name) });
  const query = gatewayQuery(match);
  return {
    id: def.id,
    kind: 'logs',
    name,
    info: { id: def.id, name: matchName(match), host: gateway, service: def.service, kind: 'journal-gateway', path: `/entries${query ? `?${query}` : ''}` },
    bufferLines: def.bufferLines,
    follow: (follower) =>
      startGatewayFollow({ client, name, match, host: gateway, initialEntries, quietMs, answerMs: 15_000, firstRetryMs, maxRetryMs, now }, follower),

    async check(signal) {
      const machine = (await client.get<Record<string, unknown>>('/machine', { signal })).data;
      const hosts = (await client.get<string>('/fields/_HOSTNAME', { responseType: 'text', signal })).data.split('\n').filter(Boolean).sort();
      const until = typeof machine.cutoff_to_realtime === 'string' && /^\d+$/.test(machine.cutoff_to_realtime) ? `, latest entry ${isoMicros(machine.cutoff_to_realtime).slice(0, 19).replace('T', ' ')} UTC` : '';
      const shown = hosts.length > 12 ? `${hosts.slice(0, 12).join(', ')} and ${hosts.length - 12} more` : hosts.join(', ');
      return `systemd-journal-gatewayd on ${typeof machine.hostname === 'string' ? machine.hostname : gateway}: ${hosts.length} host${hosts.length === 1 ? '' : 's'} in the journal${hosts.length ? ` (${shown})` : ''}${until}.`;
    },
  };
}
