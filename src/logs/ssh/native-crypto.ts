import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Whether ssh2's native crypto add-on (AES-GCM, ChaCha20-Poly1305) is built and loads. Without
 * it ssh2 silently falls back to pure JavaScript and reads fall to about 0.7x raw OpenSSH
 * (shared notes: logs-performance.md), so its absence is reported, not hidden. Null when fine.
 */
export function nativeCryptoProblem(): string | null {
  const require = createRequire(import.meta.url);
  try {
    const root = path.dirname(require.resolve('ssh2/package.json'));
    require(path.join(root, 'lib/protocol/crypto/build/Release/sshcrypto.node'));
    return null;
  } catch (error) {
    return (
      `ssh2's native crypto add-on is missing or does not load (${(error as Error).message.split('\n')[0]}), so SSH log reads are about 30 % slower. ` +
      'Rebuild it with `npm rebuild ssh2` (needs make, g++ and python3: apt-get install -y build-essential python3).'
    );
  }
}
