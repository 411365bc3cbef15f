/**
 * The fields of an event's free-text `data`: a JSON object (what this app writes), or
 * `key=value` words (`who=alice sha=abc123`, a common deploy-script habit). Anything else,
 * or anything malformed, yields no fields rather than an error: a marker without its author
 * still belongs on the graph.
 */
export function eventFields(data: string): Record<string, string> {
  const text = data.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const fields: Record<string, string> = {};
        for (const [key, value] of Object.entries(parsed)) {
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
        }
        return fields;
      }
    } catch {
      // Not JSON after all: try the key=value form below.
    }
  }
  const fields: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Za-z_][\w-]*)=("[^"]*"|\S+)/g)) fields[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  return fields;
}

/** Only http(s) links reach the UI, so a marker cannot carry a `javascript:` URL into a click. */
export function safeLink(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** "4 min ago", "3 h ago", "2 days ago": how long since, for check() messages. */
export function describeAge(at: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** What a person says for a count: "1 deploy", "3 deploys". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
