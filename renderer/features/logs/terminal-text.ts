// What of a log line a terminal would obey but a viewer must not: escape sequences other than
// colours (window titles, keypad and cursor modes, screen clears), and characters that draw
// nothing yet change what is drawn (bidi overrides reorder the line; zero-width ones hide in it).

/**
 * One escape sequence: CSI (`ESC[…` up to its final byte), OSC (`ESC]…` up to BEL or ST, or the
 * line's end), DCS/SOS/PM/APC strings, and the short ones (`ESC=`, `ESC(B`, `ESC7`).
 */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\|$)|[PX^_][^\u001b]*(?:\u001b\\|$)|[ -/]*[0-~])/g;
/** Select Graphic Rendition: colours and bold, the one sequence drawn (as styles, by anser). */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const SGR = /^\u001b\[[0-9;:]*m$/;

/** The text without terminal sequences; `keepColours` keeps the SGR ones for the colour parser. */
export function withoutTerminalCodes(text: string, keepColours: boolean): string {
  if (!text.includes('\u001b')) return text;
  return text.replace(SEQUENCE, (sequence) => (keepColours && SGR.test(sequence) ? sequence : ''));
}

/**
 * Characters that draw nothing: C0 and C1 controls but the tab, bidi embeddings, overrides,
 * isolates and marks, zero-width characters, the soft hyphen and the byte-order mark.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

const NAMES: Record<number, [label: string, name: string]> = {
  0x00ad: ['SHY', 'soft hyphen'],
  0x061c: ['ALM', 'Arabic letter mark'],
  0x200b: ['ZWSP', 'zero width space'],
  0x200c: ['ZWNJ', 'zero width non-joiner'],
  0x200d: ['ZWJ', 'zero width joiner'],
  0x200e: ['LRM', 'left-to-right mark'],
  0x200f: ['RLM', 'right-to-left mark'],
  0x202a: ['LRE', 'left-to-right embedding'],
  0x202b: ['RLE', 'right-to-left embedding'],
  0x202c: ['PDF', 'pop directional formatting'],
  0x202d: ['LRO', 'left-to-right override'],
  0x202e: ['RLO', 'right-to-left override'],
  0x2060: ['WJ', 'word joiner'],
  0x2066: ['LRI', 'left-to-right isolate'],
  0x2067: ['RLI', 'right-to-left isolate'],
  0x2068: ['FSI', 'first strong isolate'],
  0x2069: ['PDI', 'pop directional isolate'],
  0xfeff: ['BOM', 'byte order mark (zero width no-break space)'],
};

export interface InvisibleMarker {
  /** What the view draws in its place: `RLO`, `␇`, `U+0085`. */
  label: string;
  /** `U+202E right-to-left override`, for the marker's tooltip. */
  title: string;
}

export type TextRun = { text: string; marker: null } | { text: string; marker: InvisibleMarker };

/** The text cut into runs of ordinary text and single invisible characters, each with its marker. */
export function markInvisible(text: string): TextRun[] {
  if (!INVISIBLE.test(text)) return [{ text, marker: null }];
  const runs: TextRun[] = [];
  let last = 0;
  for (const match of text.matchAll(INVISIBLE_ALL)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index), marker: null });
    runs.push({ text: match[0], marker: markerFor(match[0].charCodeAt(0)) });
    last = match.index + 1;
  }
  if (last < text.length) runs.push({ text: text.slice(last), marker: null });
  return runs;
}

/** The invisible characters in `text`, as `U+202E` each, in order: for saying what a copy holds. */
export function invisibleCodes(text: string): string[] {
  return [...text.matchAll(INVISIBLE_ALL)].map((m) => codeOf(m[0].charCodeAt(0)));
}

function markerFor(code: number): InvisibleMarker {
  const named = NAMES[code];
  if (named) return { label: named[0], title: `${codeOf(code)} ${named[1]}` };
  // C0 controls and DEL have their own visible pictures (U+2400…), as code editors draw them.
  if (code < 0x20) return { label: String.fromCharCode(0x2400 + code), title: `${codeOf(code)} control character` };
  if (code === 0x7f) return { label: '\u2421', title: `${codeOf(code)} delete` };
  return { label: codeOf(code), title: `${codeOf(code)} invisible character` };
}

function codeOf(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
