import { LogFileName } from '../../contract/backend-definitions';
import { InvalidInputError } from '../../errors';
import { journalCommand } from '../journal/journal-command';
import type { JournalRequest } from '../journal/journal-command';

/**
 * What the SSH log source may ask a log host, and nothing else. Every command string it sends is
 * made by `tailCommand` below from a validated log name and an integer offset, so no name, filter
 * or setting can ever become a command; the forced-command wrapper on the host (ops/logtail-wrapper)
 * accepts exactly the same forms and refuses everything else a second time. The journal's
 * requests are made by `journalCommand` (src/logs/journal/journal-command.ts), called from here.
 */
export type TailRequest =
  /** `list`: name, size, mtime and inode of each log: where to start, and whether the file was replaced meanwhile. */
  | { kind: 'list' }
  /** `tail -c +N -F app`: follow `app` from byte N (1-based, as tail counts), across rotations. */
  | { kind: 'follow'; name: string; from: number }
  /** `tail -c +N app.1`: the rest of the rotated file once, then the command ends. */
  | { kind: 'rotated-rest'; name: string; from: number }
  /** `journalctl -f -o json --cursor=… -u checkout.service`: the journal's entries as JSON lines. */
  | JournalRequest;

/** Every string `tailCommand` can return for a log file matches this, and the wrapper's own regex is the same. */
export const TAIL_COMMAND = /^(?:list|tail -c \+[1-9][0-9]{0,15} (?:-F [A-Za-z0-9][A-Za-z0-9_-]{0,63}|[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.1))$/;

export class UnsafeLogNameError extends InvalidInputError {
  constructor(detail: string) {
    super(`Refused to ask the log host: ${detail}. A log name is letters, digits, _ or - (at most 64), with no path, dots or spaces.`);
  }
}

/** The one place a command for a log host is made. Throws, sending nothing, on anything unexpected. */
export function tailCommand(request: TailRequest): string {
  if (request.kind === 'list') return 'list';
  if (request.kind === 'journal') return journalCommand(request);
  // Checked again here although the config was validated: defence in depth, at the last step.
  const name = LogFileName.safeParse(request.name);
  if (!name.success) throw new UnsafeLogNameError(`${JSON.stringify(String(request.name).slice(0, 80))} is not a log name`);
  if (!Number.isSafeInteger(request.from) || request.from < 1) throw new UnsafeLogNameError(`${String(request.from)} is not a byte position`);
  const command = request.kind === 'follow' ? `tail -c +${request.from} -F ${name.data}` : `tail -c +${request.from} ${name.data}.1`;
  if (!TAIL_COMMAND.test(command)) throw new UnsafeLogNameError(`${JSON.stringify(command.slice(0, 80))} is not an allowed command`);
  return command;
}
