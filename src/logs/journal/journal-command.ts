import { JournalName } from '../../contract/backend-definitions';
import { InvalidInputError } from '../../errors';
import { JOURNAL_CURSOR } from './journal-cursor';
import type { JournalMatch } from './journal-match';

/**
 * What the journal over SSH may ask the host: journalctl's entries as JSON lines, the last N or
 * from a cursor on, of some units or identifiers, followed or once. `journalCommand` makes the
 * command from validated parts; the wrapper (ops/logtail-wrapper) accepts the same forms only.
 */
export interface JournalRequest {
  kind: 'journal';
  /** Keep the command running and send new entries as they come (`-f`). */
  follow: boolean;
  /** The last `lines` entries, or from the entry at `cursor` on, that entry included (`--cursor`). */
  start: { lines: number } | { cursor: string };
  match: JournalMatch;
}

/** How many units and identifiers one request may name, together; keeps the command short. */
export const MAX_JOURNAL_MATCHES = 8;
/** The most entries a start may ask for, as for `tail -n`. */
export const MAX_JOURNAL_LINES = 100_000;
/** The wrapper refuses longer journal commands; the longest this module can make is shorter. */
export const MAX_JOURNAL_COMMAND = 1024;

const NAME = '[A-Za-z0-9][A-Za-z0-9_.@:-]{0,99}';
const CURSOR = JOURNAL_CURSOR.source.slice(1, -1);
/** Every string `journalCommand` can return matches this; the wrapper's checks are the same. */
export const JOURNAL_COMMAND = new RegExp(`^journalctl(?: -f)? -o json (?:-n (?:0|[1-9][0-9]{0,5})|--cursor=${CURSOR})(?: (?:-u|-t) ${NAME}){0,${MAX_JOURNAL_MATCHES}}$`);

export class UnsafeJournalRequestError extends InvalidInputError {
  constructor(detail: string) {
    super(`Refused to ask the log host for its journal: ${detail}.`);
  }
}

/** The one place a journal command for a log host is made. Throws, sending nothing, on anything unexpected. */
export function journalCommand(request: JournalRequest): string {
  const { start, match } = request;
  const words = ['journalctl', ...(request.follow === true ? ['-f'] : []), '-o', 'json'];
  if ('cursor' in start) {
    if (typeof start.cursor !== 'string' || !JOURNAL_CURSOR.test(start.cursor)) throw new UnsafeJournalRequestError(`${quote(start.cursor)} is not a journal cursor`);
    words.push(`--cursor=${start.cursor}`);
  } else {
    if (!Number.isSafeInteger(start.lines) || start.lines < 0 || start.lines > MAX_JOURNAL_LINES) throw new UnsafeJournalRequestError(`${quote(start.lines)} is not a number of entries (0 to ${MAX_JOURNAL_LINES})`);
    words.push('-n', String(start.lines));
  }
  const names = [...match.units.map((name) => ['-u', name]), ...match.identifiers.map((name) => ['-t', name])];
  if (names.length > MAX_JOURNAL_MATCHES) throw new UnsafeJournalRequestError(`at most ${MAX_JOURNAL_MATCHES} units and identifiers, not ${names.length}`);
  // Checked again here although the config was validated: defence in depth, at the last step.
  for (const [flag, name] of names) {
    if (!JournalName.safeParse(name).success) throw new UnsafeJournalRequestError(`${quote(name)} is not a unit or identifier name`);
    words.push(flag!, name!);
  }
  const command = words.join(' ');
  if (command.length > MAX_JOURNAL_COMMAND || !JOURNAL_COMMAND.test(command)) throw new UnsafeJournalRequestError(`${quote(command)} is not an allowed command`);
  return command;
}

function quote(value: unknown): string {
  return JSON.stringify(String(value).slice(0, 80));
}
