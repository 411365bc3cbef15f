import Anser from 'anser';

import type { LogLine, LogSourceInfo } from '../../../src/contract/wire-types';

/**
 * A line as plain text for the clipboard and the export: ISO time, host, source, level, then the
 * text without its colour codes, so it pastes into a ticket or greps like the original.
 */
export function lineAsText(line: LogLine, source: LogSourceInfo | undefined): string {
  const at = line.at === null ? '-' : new Date(line.at).toISOString();
  const where = source ? `${source.host} ${source.name}` : line.sourceId;
  if (line.gap) return `${at} ${where} GAP ${line.text}`;
  const text = line.text.includes('\u001b') ? Anser.ansiToText(line.text) : line.text;
  const cut = line.truncatedFrom === null ? '' : ` [truncated, ${line.truncatedFrom} bytes in all]`;
  return `${at} ${where} ${(line.level ?? '-').toUpperCase()} ${text}${cut}`;
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
