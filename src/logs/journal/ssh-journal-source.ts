import type { LogFollower, LogSource } from '../../backends/backend-set';
import type { SecretReader } from '../../backends/http-client';
import { journalMatchOptions } from '../../contract/backend-definitions';
import type { LogSourceDefinition } from '../../contract/backend-definitions';
import { BackendUnavailableError } from '../../errors';
import { collect, pump } from '../ssh/channel-io';
import { checkOverSsh, sshHostAccess } from '../ssh/ssh-log-source';
import type { SshLogSourceOptions } from '../ssh/ssh-log-source';
import { followOverSsh } from '../ssh/ssh-follow-loop';
import type { SshAttempt, SshHostAccess } from '../ssh/ssh-follow-loop';
import { cursorTime } from './journal-cursor';
import { parseJournalEntry } from './journal-entry';
import { isoMicros } from './journal-line-text';
import { journalMatch, matchName } from './journal-match';
import type { JournalMatch } from './journal-match';
import { readJournalInto } from './journal-reader';
import { QuietWatch } from './quiet-watch';

export type SshJournalDefinition = Extract<LogSourceDefinition, { type: 'ssh-journal' }>;

export interface SshJournalOptions extends SshLogSourceOptions {
  /** How many of the latest entries to show on start. */
  initialEntries?: number;
  /** A stream quiet this long is asked again from its cursor (QuietWatch says why). */
  quietMs?: number;
}

/**
 * The systemd journal of a host reached by SSH, read through the forced-command wrapper as
 * `journalctl -f -o json` (docs/log-hosts.md). It resumes by cursor, so a dropped connection
 * shows every entry once; each entry's `_HOSTNAME` is its host.
 */
export function createSshJournalSource(def: SshJournalDefinition, secrets: SecretReader, options: SshJournalOptions = {}): LogSource {
  const access = sshHostAccess(def, secrets, options);
  const match = journalMatch(def);
  const host = def.host ?? def.address;
  const name = matchName(match);
  return {
    id: def.id,
    kind: 'logs',
    name: def.name ?? `${host} ${name}`,
    info: { id: def.id, name, host, service: def.service, kind: 'ssh-journal', path: journalPath(match) },
    bufferLines: def.bufferLines,
    follow: (follower) => startSshJournal({ access, match, host, initialEntries: options.initialEntries ?? 1_000, quietMs: options.quietMs ?? 10_000 }, follower),
    trustHostKey: (fingerprint) => access.hostKeys.trust(fingerprint),
    check: (signal) =>
      checkOverSsh(access, signal, async (session) => {
        const latest = await collect(await session.run({ kind: 'journal', follow: false, start: { lines: 1 }, match }));
        if (latest.code !== 0) throw new BackendUnavailableError(`The log host did not read its journal (exit ${latest.code ?? 'none'}): ${latest.stderr || 'no reason given'}`);
        const entry = parseJournalEntry(latest.stdout.trim());
        if (!entry) return `The journal can be read; it has no entries of ${name} yet`;
        return `The journal can be read; its latest entry of ${name} is from ${isoMicros(entry.micros).slice(0, 19).replace('T', ' ')} UTC on ${entry.host ?? host}`;
      }),
  };
}

/** `journalctl -u checkout.service`: what the source reads, as a person would type it. */
export function journalPath(match: JournalMatch): string {
  return `journalctl ${journalMatchOptions(match)}`.trim();
}

interface SshJournalFollow {
  access: SshHostAccess;
  match: JournalMatch;
  /** The host of entries without `_HOSTNAME`. */
  host: string;
  initialEntries: number;
  /** A stream quiet this long is asked again from its cursor, on the same connection (QuietWatch). */
  quietMs: number;
}

/**
 * Follows the journal: the latest entries first, then from the cursor of the last entry shown
 * (`--cursor`, which sends that entry again: the reader drops it) after a reconnect, or after a
 * quiet spell on the same connection.
 */
export function startSshJournal({ access, match, host, initialEntries, quietMs }: SshJournalFollow, follower: LogFollower): () => void {
  let cursor: string | null = null;
  const resumesFrom = () => (cursor === null ? `from the latest ${initialEntries} entries` : `after the entry of ${new Date(cursorTime(cursor)).toISOString()}`);

  /** One `journalctl -f` on the connection, until it ends: 'quiet' when the watch ended it. */
  const followOnce = async ({ session, live }: SshAttempt): Promise<'quiet' | 'ended'> => {
    const reader = readJournalInto(follower, cursor, host);
    const channel = await session.run({ kind: 'journal', follow: true, start: cursor === null ? { lines: initialEntries } : { cursor }, match });
    live();
    const quiet = new QuietWatch(quietMs, () => channel.close());
    const end = await pump(channel, (data) => {
      quiet.poke();
      reader.push(data);
      cursor = reader.cursor;
    });
    quiet.stop();
    if (quiet.fired) return 'quiet';
    if (end.code !== null && end.code !== 0) throw new BackendUnavailableError(`The log host ended its journal (exit ${end.code}): ${end.stderr || 'no reason given'}`);
    return 'ended';
  };

  return followOverSsh({ ...access, resumesFrom }, follower, async (attempt) => {
    while ((await followOnce(attempt)) === 'quiet');
  });
}
