import type { SecretVault } from '../src/config/secret-vault';
import type { SecretStatus, SecretsView } from '../src/contract/wire-types';
import { SecretStorageUnavailableError } from '../src/errors';
import { rememberSecret } from '../src/secret-mask';

/** What the vault needs from the OS keyring: in the app, Electron's `safeStorage`; in tests, a fake. */
export interface Keyring {
  isEncryptionAvailable(): boolean;
  /** Linux's `safeStorage.getSelectedStorageBackend()`; on macOS and Windows a name for the store. */
  backend(): string;
  /** Ciphertext as base64, so the file stays JSON. */
  encrypt(plain: string): string;
  decrypt(base64: string): string;
}

/** One secret as written to disk: never the value itself. */
export interface StoredSecret {
  ciphertext: string;
  updatedAt: number;
}

/** The key-value file the ciphertexts live in (electron-store `secrets.json` in the app). */
export interface SecretFile {
  get(name: string): unknown;
  set(name: string, entry: StoredSecret): void;
  delete(name: string): void;
  names(): string[];
}

export interface EncryptedVaultOptions {
  keyring: Keyring;
  /** Called only once the keyring is known to be usable, so an unreadable file cannot stop the app. */
  openFile: () => SecretFile;
  onWarning?: (event: string, fields: Record<string, unknown>) => void;
  now?: () => number;
}

const SESSION_ONLY = 'secrets set now are kept only until Ops Console quits';

/**
 * Secrets encrypted with the OS keyring, or, when there is none, kept in memory for this
 * session and saying so. There is no plain-text fallback: on Linux without a keyring Chromium
 * "encrypts" with a fixed, public password (`basic_text`), which is plain text in disguise.
 * Every value it holds is remembered for masking (`rememberSecret`) when it is opened or set.
 */
export function createEncryptedSecretVault(options: EncryptedVaultOptions): SecretVault {
  const { keyring, onWarning = () => {}, now = Date.now } = options;
  const session = new Map<string, { value: string; updatedAt: number }>();
  const { file, storage } = chooseStorage(options);

  const read = (name: string): StoredSecret | undefined => {
    const entry = file?.get(name);
    return isStoredSecret(entry) ? entry : undefined;
  };
  const status = (name: string): SecretStatus => {
    const updatedAt = file ? read(name)?.updatedAt : session.get(name)?.updatedAt;
    return { name, isSet: updatedAt !== undefined, updatedAt: updatedAt ?? null };
  };
  const decrypt = (entry: StoredSecret): string => {
    const value = keyring.decrypt(entry.ciphertext);
    rememberSecret(value);
    return value;
  };
  // Every stored value is masked from the start, not from its first use: a backend may echo a
  // secret this session never sent (another backend's token, a proxy's dump of its own config).
  for (const name of file?.names() ?? []) {
    const entry = read(name);
    try {
      if (entry) decrypt(entry);
    } catch {
      // Undecryptable: `reveal` says so when a backend needs it.
    }
  }

  return {
    list: () => (file ? file.names().filter((name) => read(name)) : [...session.keys()]).sort().map(status),
    storage: () => storage,
    set(name, value) {
      rememberSecret(value);
      if (file) file.set(name, { ciphertext: encrypt(keyring, name, value), updatedAt: now() });
      else session.set(name, { value, updatedAt: now() });
      return status(name);
    },
    clear(name) {
      session.delete(name);
      file?.delete(name);
      return status(name);
    },
    reveal(name) {
      if (!file) return session.get(name)?.value;
      const entry = read(name);
      if (!entry) return undefined;
      try {
        return decrypt(entry);
      } catch (error) {
        // A keyring reset or another OS user: the backend call goes on without it and says why.
        onWarning('secret.undecryptable', { name, error });
        return undefined;
      }
    },
  };
}

function encrypt(keyring: Keyring, name: string, value: string): string {
  try {
    return keyring.encrypt(value);
  } catch (cause) {
    // e.g. the user denied Keychain access: say so rather than keep the value anywhere.
    throw new SecretStorageUnavailableError(`The OS keyring refused to encrypt ${name}; it was not saved. Unlock the keyring and try again.`, { cause });
  }
}

function chooseStorage(options: EncryptedVaultOptions): { file: SecretFile | null; storage: SecretsView['storage'] } {
  const { keyring, onWarning = () => {} } = options;
  if (!keyring.isEncryptionAvailable()) {
    return { file: null, storage: { kind: 'memory', note: `The OS keyring is not available: ${SESSION_ONLY}.` } };
  }
  const backend = keyring.backend();
  if (backend === 'basic_text') {
    return { file: null, storage: { kind: 'memory', note: `No OS keyring (basic_text): ${SESSION_ONLY}.` } };
  }
  try {
    return { file: options.openFile(), storage: { kind: 'encrypted', note: `Encrypted with the OS keyring (${backend}).` } };
  } catch (error) {
    onWarning('secret.file_unreadable', { error });
    return { file: null, storage: { kind: 'memory', note: `The secrets file could not be read (${String(error)}): ${SESSION_ONLY}.` } };
  }
}

function isStoredSecret(value: unknown): value is StoredSecret {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.ciphertext === 'string' && typeof entry.updatedAt === 'number';
}

/** The subset of electron-store (and of `conf`, which it extends) the secrets file uses. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  readonly store: Record<string, unknown>;
}

export function secretFileFrom(store: KeyValueStore): SecretFile {
  return {
    get: (name) => store.get(name),
    set: (name, entry) => store.set(name, entry),
    delete: (name) => store.delete(name),
    names: () => Object.keys(store.store),
  };
}
