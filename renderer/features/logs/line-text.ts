import type { LogLine, LogSourceInfo } from '../../../src/contract/wire-types';
import { invisibleCodes, withoutTerminalCodes } from './terminal-text';

/** What a copy or an export holds, said where it is offered: not the markers the view draws. */
export const COPY_FORM = 'the text as written, without terminal codes; invisible characters kept as they are, not as the markers shown';

/**
 * A line as plain text for the clipboard and the export: ISO time, host, source, level, then the
 * text without its colour and other terminal codes, so it pastes into a ticket or greps like the
 * original. Invisible characters (a bidi override) stay what they are: a copy is the evidence.
 */
export function lineAsText(line: LogLine, source: LogSourceInfo | undefined): string {
  const at = line.at === null ? '-' : new Date(line.at).toISOString();
  const where = source ? `${source.host} ${source.name}` : line.sourceId;
  if (line.gap) return `${at} ${where} GAP ${line.text}`;
  const text = withoutTerminalCodes(line.text, false);
  const cut = line.truncatedFrom === null ? '' : ` [truncated, ${line.truncatedFrom} bytes in all]`;
  return `${at} ${where} ${(line.level ?? '-').toUpperCase()} ${text}${cut}`;
}

/** What the status line says after a copy: the form it has, and the invisible characters it holds. */
export function copiedMessage(line: LogLine): string {
  const codes = line.gap ? [] : invisibleCodes(withoutTerminalCodes(line.text, false));
  const held = codes.length ? `; it holds ${codes.length === 1 ? 'an invisible character' : `${codes.length} invisible characters`} (${[...new Set(codes)].join(', ')}), kept as is, shown here as markers` : '';
  return `Line copied as written, without terminal codes${held}`;
}

/** Saves what the view shows (the filtered lines, gaps included) as a .log file the browser downloads. */
export function downloadLines(lines: readonly LogLine[], sources: ReadonlyMap<string, LogSourceInfo>, now = new Date()): void {
  const body = lines.map((line) => `${lineAsText(line, sources.get(line.sourceId))}\n`).join('');
  const url = URL.createObjectURL(new Blob([body], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `ops-console-logs-${now.toISOString().replace(/[:.]/g, '-')}.log`;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
