import sshCrypto from 'ssh2/lib/protocol/crypto.js';

/**
 * Whether ssh2's native crypto add-on (AES-GCM, ChaCha20-Poly1305) is built and loaded, as ssh2
 * itself found it. Without it ssh2 silently falls back to pure JavaScript and reads fall to about
 * 0.7x raw OpenSSH (shared notes: logs-performance.md), so its absence is reported, not hidden.
 * Null when fine.
 */
export function nativeCryptoProblem(): string | null {
  if (sshCrypto.bindingAvailable) return null;
  return (
    "ssh2's native crypto add-on (sshcrypto.node) is missing or does not load, so SSH log reads are about 30 % slower. " +
    'Rebuild it with `npm rebuild ssh2` (needs make, g++ and python3: apt-get install -y build-essential python3).'
  );
}
