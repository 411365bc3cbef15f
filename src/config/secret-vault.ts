import type { SecretStatus, SecretsView } from '../contract/wire-types';
import { rememberSecret } from '../secret-mask';

/**
 * Secrets (backend passwords and tokens). A value goes in through `set` and out only through
 * `reveal`, which only core code calls when it talks to a backend; everything the UI sees is
 * `SecretStatus`.
 */
export interface SecretVault {
  list(): SecretStatus[];
  storage(): SecretsView['storage'];
  set(name: string, value: string): SecretStatus;
  clear(name: string): SecretStatus;
  reveal(name: string): string | undefined;
}

interface Entry {
  value: string;
  updatedAt: number | null;
}

/**
 * Secrets held in memory for the life of the process, seeded from read-only sources (the
 * environment, a 0600 file). Browser mode and tests use it; the desktop app encrypts instead.
 * Every value is remembered for masking (`rememberSecret`) as it comes in.
 */
export function createMemorySecretVault(options: {
  seed?: Record<string, string>;
  note: string;
  now?: () => number;
}): SecretVault {
  const { seed = {}, note, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  for (const [name, value] of Object.entries(seed)) {
    entries.set(name, { value, updatedAt: null });
    rememberSecret(value);
  }
  const status = (name: string): SecretStatus => ({
    name,
    isSet: entries.has(name),
    updatedAt: entries.get(name)?.updatedAt ?? null,
  });
  return {
    list: () => [...entries.keys()].sort().map(status),
    storage: () => ({ kind: 'memory', note }),
    set(name, value) {
      rememberSecret(value);
      entries.set(name, { value, updatedAt: now() });
      return status(name);
    },
    clear(name) {
      entries.delete(name);
      return status(name);
    },
    reveal: (name) => entries.get(name)?.value,
  };
}
