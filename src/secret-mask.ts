/**
 * Masking secret values in text, shared by the logger (every value the vault knows) and the
 * HTTP client (the credentials a request carried, which a backend may echo in its error body).
 * Only values are masked here; a field whose *name* looks secret is the logger's own business.
 */
export const MASK = '[redacted]';

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
  let out = text;
  for (const form of new Set(values.flatMap(echoedForms))) out = out.split(form).join(MASK);
  return out.replace(BASE64_RUN, (run) => (decodings(run).some((decoded) => values.some((secret) => decoded.includes(secret))) ? MASK : run));
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
