import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a host's key is to us: one we trust, one never seen, or not the key we know for that host. */
export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed';

export interface KnownHosts {
  verify(host: HostAddress, key: Buffer): HostKeyVerdict;
  /** Records the key as this host's in the app's own file, once; the user's file is never written. */
  trust(host: HostAddress, key: Buffer): void;
}

export interface HostAddress {
  address: string;
  port: number;
}

/** A key's SHA256 fingerprint exactly as `ssh-keygen -l` and `ssh` print it: `SHA256:` + unpadded base64. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** `ssh-ed25519` from a public key blob (its first SSH string). */
export function keyTypeOf(key: Buffer): string {
  const length = key.length >= 4 ? key.readUInt32BE(0) : 0;
  return length > 0 && length <= 64 && key.length >= 4 + length ? key.toString('latin1', 4, 4 + length) : 'unknown';
}

/** How OpenSSH names a host in known_hosts: `web-1`, or `[web-1]:2222` off port 22. */
export function knownHostsName({ address, port }: HostAddress): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/**
 * known_hosts as OpenSSH reads it: the app's own file (written when the user trusts a key) and
 * the user's ~/.ssh/known_hosts (read only), with hashed names, patterns and `@revoked`. A host
 * with any known key that does not match is "changed", never silently accepted.
 */
export function createKnownHosts(appFile: string, readOnlyFiles: string[]): KnownHosts {
  const verify = (host: HostAddress, key: Buffer): HostKeyVerdict => {
    const name = knownHostsName(host).toLowerCase();
    const entries = [appFile, ...readOnlyFiles].flatMap(readEntries).filter((entry) => matchesHost(entry.hosts, name));
    if (entries.some((entry) => entry.marker === '@revoked' && entry.key.equals(key))) return 'changed';
    const keys = entries.filter((entry) => entry.marker === null);
    if (keys.some((entry) => entry.key.equals(key))) return 'trusted';
    return keys.length > 0 ? 'changed' : 'unknown';
  };
  return {
    verify,
    trust(host, key) {
      if (verify(host, key) === 'trusted') return; // known already: another source at this host:port, or the user's file
      mkdirSync(path.dirname(appFile), { recursive: true, mode: 0o700 });
      appendFileSync(appFile, `${knownHostsName(host)} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
    },
  };
}

interface Entry {
  marker: '@revoked' | '@cert-authority' | null;
  hosts: string;
  key: Buffer;
}

function readEntries(file: string): Entry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return []; // no such file yet: nothing known from it
  }
  const entries: Entry[] = [];
  for (const raw of text.split('\n')) {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '' || fields[0]!.startsWith('#')) continue;
    const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? fields.shift()! : null;
    const [hosts, , base64] = fields;
    if (!hosts || !base64) continue;
    entries.push({ marker: marker as Entry['marker'], hosts, key: Buffer.from(base64, 'base64') });
  }
  return entries;
}

/** OpenSSH's rule: some pattern matches and no negated (`!`) pattern does; `|1|salt|hash` is a hashed name. */
function matchesHost(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    return !!salt && !!hash && createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    if (!wildcard(negated ? pattern.slice(1) : pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
