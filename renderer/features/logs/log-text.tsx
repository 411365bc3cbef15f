import Anser from 'anser';
import type { CSSProperties, ReactNode } from 'react';

import { markInvisible, withoutTerminalCodes } from './terminal-text';
import type { InvisibleMarker } from './terminal-text';

/** Characters of one line put on screen; the rest is cut with a visible note (a 1 MB line would stall the row). */
export const DISPLAY_CHARS = 10_000;

type Styled = { content: string; style: CSSProperties | undefined; className: string | undefined; marker: InvisibleMarker | null };

export type LogTextProps = {
  text: string;
  /** The line's full size in bytes when the core cut it short. */
  truncatedFrom: number | null;
  /** Where to highlight the filter's terms, from `compileLogFilter(...).ranges` over the shown text. */
  ranges: (shown: string) => [number, number][];
};

/**
 * A log line as inert text: ANSI colour codes become styled spans (anser's JSON, never its HTML),
 * every other terminal sequence is left out, and a character that draws nothing (a control, a
 * bidi override, a zero-width space) is shown as a visible marker, so the line reads in the order
 * it was written. Everything else, markup included, is a React text node. Filter terms are
 * wrapped in <mark>.
 */
export function LogText({ text, truncatedFrom, ranges }: LogTextProps) {
  const clipped = text.length > DISPLAY_CHARS;
  const pieces = styledPieces(clipped ? text.slice(0, DISPLAY_CHARS) : text);
  const shown = pieces.map((p) => p.content).join('');
  const marks = shown ? ranges(shown) : [];
  const fullBytes = truncatedFrom ?? (clipped ? new TextEncoder().encode(text).length : null);

  const out: ReactNode[] = [];
  let offset = 0;
  let m = 0;
  for (const piece of pieces) {
    const end = offset + piece.content.length;
    let at = offset;
    // Cut the piece where a highlight starts or ends inside it.
    while (at < end) {
      while (m < marks.length && marks[m]![1] <= at) m++;
      const mark = marks[m];
      const inMark = mark !== undefined && mark[0] <= at;
      const stop = Math.min(end, mark === undefined ? end : inMark ? mark[1] : mark[0]);
      const content = piece.content.slice(at - offset, stop - offset);
      const span = piece.marker ? (
        <span key={out.length} style={piece.style} className="log-invisible" title={piece.marker.title} data-code={piece.marker.title.split(' ')[0]}>
          {piece.marker.label}
        </span>
      ) : (
        <span key={out.length} style={piece.style} className={piece.className}>
          {content}
        </span>
      );
      out.push(inMark ? <mark key={out.length}>{span}</mark> : piece.style || piece.className || piece.marker ? span : content);
      at = stop;
    }
    offset = end;
  }
  return (
    <span className="log-text">
      {out}
      {fullBytes !== null && <span className="log-truncated">{` … ${formatBytes(fullBytes)} line truncated`}</span>}
    </span>
  );
}

/**
 * The line as styled pieces, each invisible character a piece of its own with its marker. Plain
 * text when there is no escape character at all (most lines): no colour parsing.
 */
function styledPieces(text: string): Styled[] {
  const coloured = text.includes('\u001b') ? colourPieces(withoutTerminalCodes(text, true)) : [{ content: text, style: undefined, className: undefined, marker: null }];
  return coloured.flatMap((piece) => markInvisible(piece.content).map((run) => ({ ...piece, content: run.text, marker: run.marker })));
}

function colourPieces(text: string): Styled[] {
  return Anser.ansiToJson(text, { json: true, remove_empty: true }).map((entry) => {
    const style: CSSProperties = {};
    // Colours are anser's "r, g, b" numbers, which it parsed itself; nothing of the line's text goes into a style.
    if (entry.fg) style.color = `rgb(${entry.fg})`;
    if (entry.bg) style.backgroundColor = `rgb(${entry.bg})`;
    const decorations = entry.decorations.map((d) => `ansi-${d}`).join(' ');
    return { content: entry.content, style: entry.fg || entry.bg ? style : undefined, className: decorations || undefined, marker: null };
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
