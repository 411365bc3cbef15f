import type { AxiosError, AxiosResponse } from 'axios';

import { clip } from '../clip';
import { maskKnownSecrets } from '../secret-mask';

// What a backend's error answer may say to the person on call. A backend can echo the
// credentials it was sent (a token in "invalid token abc…", a proxy's dump of the request), and
// its body can be anything: JSON, an HTML error page, or raw bytes from a log server.

/** As much of a body as a message shows; longer is cut with an ellipsis. */
const EXCERPT_CHARS = 300;

/**
 * Masks every secret this process knows, and the credentials the failed request carried, in its
 * error answer's body, in place, before anyone reads or cuts it: this client's own message and every adapter that explains a failure from the
 * body (Graphite's tracebacks, Unleash's messages) see the masked body only. Bytes (a log read's
 * arraybuffer) become text here, so no reader shows them as a dump of numbers.
 */
export function maskErrorAnswer(error: AxiosError): void {
  const response = error.response;
  if (response) response.data = maskedBody(response.data, credentialsOf(error.config?.headers));
}

/** The useful part of a (masked) error body: JSON's `message` or `error`, or a short excerpt of its text without markup. */
export function bodyText(response: Pick<AxiosResponse, 'data' | 'status' | 'statusText'>): string {
  const data: unknown = response.data;
  const said = typeof data === 'string' ? (messageOf(parseJson(data)) ?? plainText(data)) : data && typeof data === 'object' ? (messageOf(data) ?? JSON.stringify(data)) : '';
  // nginx's pages begin with the status again ("502 Bad Gateway"), which the message already says.
  const text = said.replace(new RegExp(`^${response.status}\\b:?\\s*`), '');
  return clip(text || response.statusText || 'no reason given', EXCERPT_CHARS);
}

/** What a backend said outside an HTTP body (an SSH host's stderr), as a message quotes it: known secrets masked, then cut short. */
export function excerpt(text: string): string {
  return clip(maskKnownSecrets(text), EXCERPT_CHARS);
}

/**
 * The text a person would read on an HTML page (or a plain-text body): head, scripts, styles,
 * comments and tags dropped, the common entities decoded, control characters and runs of
 * white space made one space. One pass with indexOf, never a backtracking regex over the page:
 * a body of a million unclosed `<script`s costs what its length costs.
 */
export function plainText(markup: string): string {
  const parts: string[] = [];
  // A `<` with no `>` anywhere after it cannot end a tag: from there on it is text ("errors <5").
  const lastClose = markup.lastIndexOf('>');
  let at = 0;
  while (at < markup.length) {
    const open = markup.indexOf('<', at);
    if (open < 0) break;
    parts.push(markup.slice(at, open));
    const skipTo = markupEnd(markup, open, lastClose);
    parts.push(skipTo === open + 1 ? '<' : ' ');
    at = skipTo;
  }
  parts.push(markup.slice(at));
  return parts
    .join('')
    .replace(/&(lt|gt|quot|apos|amp|nbsp|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => entity(name))
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

/**
 * Where the text resumes after a `<` at `open`: past its tag, or past a comment, head, script or
 * style with all it holds (the rest of the page when one is never closed); just after the `<`
 * when it opens no tag. Every search either jumps past what it found or ends the page, so the
 * whole page is read once.
 */
function markupEnd(markup: string, open: number, lastClose: number): number {
  if (markup.startsWith('<!--', open)) {
    const end = markup.indexOf('-->', open + 4);
    return end < 0 ? markup.length : end + 3;
  }
  const element = /^<(head|script|style)\b/i.exec(markup.slice(open, open + 8))?.[1];
  if (element) {
    const closing = new RegExp(`</${element}\\s*>`, 'gi');
    closing.lastIndex = open;
    const found = closing.exec(markup);
    return found ? found.index + found[0].length : markup.length;
  }
  if (open > lastClose || !/[A-Za-z/!?]/.test(markup[open + 1] ?? '')) return open + 1;
  return markup.indexOf('>', open) + 1;
}

/** The secrets a request carried: its Authorization credential (a token, or Basic's `user:password` and the password in it). */
function credentialsOf(headers: unknown): string[] {
  const header = headerValue(headers, 'Authorization');
  if (!header) return [];
  const space = header.indexOf(' ');
  // Unleash takes its token as the whole header, without a scheme.
  if (space < 0) return [header];
  const credential = header.slice(space + 1).trim();
  if (header.slice(0, space).toLowerCase() !== 'basic') return [credential];
  const userAndPassword = Buffer.from(credential, 'base64').toString('utf8');
  return [credential, userAndPassword, userAndPassword.slice(userAndPassword.indexOf(':') + 1)];
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const found: unknown = Object.entries(headers as Record<string, unknown>).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return typeof found === 'string' ? found : undefined;
}

function maskedBody(data: unknown, secrets: string[]): unknown {
  if (typeof data === 'string') return maskKnownSecrets(data, secrets);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    const bytes = data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return maskKnownSecrets(bytes.toString('utf8'), secrets);
  }
  if (data === null || typeof data !== 'object') return data;
  try {
    const masked = maskKnownSecrets(JSON.stringify(data), secrets);
    // A mask that fell across JSON syntax leaves text that no longer parses: the text is still a fine excerpt.
    return parseJson(masked) ?? masked;
  } catch {
    return ''; // nested too deeply to turn into text: nothing of it is shown
  }
}

function parseJson(text: string): unknown {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function messageOf(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  const message = record.message ?? record.error;
  return typeof message === 'string' ? message : undefined;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', nbsp: ' ' };

function entity(name: string): string {
  const lower = name.toLowerCase();
  if (!lower.startsWith('#')) return ENTITIES[lower] ?? '';
  const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
