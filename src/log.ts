import { MASK, maskKnownSecrets } from './secret-mask';

/**
 * A small structured logger (JSON lines on stderr) that never prints a secret: fields whose
 * name looks secret are masked, and every secret value the process knows (`rememberSecret`) is
 * masked wherever it appears, even inside an error message a backend echoed back.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const SECRET_FIELD = /token|secret|password|passphrase|authorization|cookie|api[-_]?key/i;

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const scrub = (value: unknown, key = ''): unknown => {
    if (key && SECRET_FIELD.test(key)) return MASK;
    if (typeof value === 'string') return maskKnownSecrets(value);
    if (value instanceof Error) return scrub({ name: value.name, message: value.message, stack: value.stack });
    if (Array.isArray(value)) return value.map((item) => scrub(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
    }
    return value;
  };

  const emit = (level: string, event: string, fields: Record<string, unknown> = {}) => {
    write(JSON.stringify({ at: new Date().toISOString(), level, event, ...(scrub(fields) as object) }));
  };

  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}
