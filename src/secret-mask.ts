/**
 * Masking secret values in text: every value this process knows (the vaults remember each one
 * they hold, the demo world its token) and the credentials a request carried. The logger, the
 * HTTP client's error bodies, an SSH host's complaints and every `OpsError` message go through
 * it, so a backend that echoes any secret cannot put it in an answer, an event or a log line.
 * Only values are masked here; a field whose *name* looks secret is the logger's own business.
 */
export const MASK = '[redacted]';

/**
 * Every secret value this process has held. One set for the process, not one per caller: a
 * secret is secret wherever a backend's words end up, and the places that quote a backend (about
 * forty adapters and handlers) should not each need the vault. A value cleared or replaced
 * stays here: it was a secret, and a backend may still echo it.
 */
const known = new Set<string>();

/** From now on, mask `value` wherever it appears, and the secret parts of it when it is a URL (a webhook's key in its path). */
export function rememberSecret(value: string): void {
  known.add(value);
  for (const part of urlSecretParts(value)) known.add(part);
}

/** `text` with every secret this process knows masked, and `alsoMask` too (the credentials of the request that failed). */
export function maskKnownSecrets(text: string, alsoMask: Iterable<string> = []): string {
  return maskSecrets(text, [...known, ...alsoMask]);
}

/** Shorter values would mask innocent text everywhere; the vault refuses them anyway. */
const MIN_SECRET_LENGTH = 4;

/** Runs of base64 (standard or URL-safe) long enough to hide a credential. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{8,}={0,2}/g;

/**
 * `text` with every secret in it masked: as it is, in the forms a server echoes it in (JSON-,
 * URL- or HTML-escaped, base64), and inside any base64 run that decodes to text holding it, which is how
 * an HTTP Basic `user:password` comes back.
 */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  const values = [...secrets].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  if (values.length === 0) return text;
  // Base64 runs first: Basic's `user:password` goes as one mask, where masking the password's own
  // base64 inside it (aligned when `user:` is a multiple of three bytes long) would leave the user's showing.
  let out = text.replace(BASE64_RUN, (run) => (decodings(run).some((decoded) => values.some((secret) => decoded.includes(secret))) ? MASK : run));
  // Longest first: a whole URL goes as one mask before its key segment would leave its host showing.
  const forms = [...new Set(values.flatMap(echoedForms))].sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join(MASK);
  return out;
}

function echoedForms(secret: string): string[] {
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    // As an HTML page escapes it; Python's html.escape writes ' as &#x27;, others as &#39;.
    html.replace(/'/g, '&#39;'),
    html.replace(/'/g, '&#x27;'),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
  ];
}

/** The run decoded from each of its first four characters: a run may begin with a stray character or two (`%20` before it). */
function decodings(run: string): string[] {
  const standard = run.replace(/-/g, '+').replace(/_/g, '/');
  return [0, 1, 2, 3].map((skip) => Buffer.from(standard.slice(skip), 'base64').toString('utf8'));
}

/** A part at least this long with a digit in it, or any part this much longer, is a key rather than a word like "services". */
const KEY_LENGTH = 8;
const LONG_KEY_LENGTH = 20;

/**
 * What of a secret URL a server may echo on its own: a webhook's error page says "no hook
 * /hooks/8fk2…" or quotes the token segment, never the whole URL. So its password, each path
 * segment and query value that looks like a key, and its path and query whole when they hold one.
 */
function urlSecretParts(value: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || !URL.canParse(value)) return [];
  const url = new URL(value);
  const keys = [...url.pathname.split('/'), ...url.searchParams.values()].filter(looksLikeKey);
  const parts = [...keys, ...(keys.length > 0 ? [`${url.pathname}${url.search}`] : []), ...(url.password ? [url.password] : [])];
  return [...new Set([...parts, ...parts.map(decoded)])].filter((part) => part.length >= MIN_SECRET_LENGTH);
}

function looksLikeKey(part: string): boolean {
  return part.length >= LONG_KEY_LENGTH || (part.length >= KEY_LENGTH && /\d/.test(part));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
