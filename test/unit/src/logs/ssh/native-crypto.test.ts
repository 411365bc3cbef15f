import { describe, expect, it } from 'vitest';

import { nativeCryptoProblem } from '../../../../../src/logs/ssh/native-crypto';

describe("ssh2's native crypto add-on", () => {
  // Fails loudly: without it SSH reads fall to ~0.7x raw OpenSSH with no error at all.
  it('is built and loads (else: npm rebuild ssh2, with make, g++ and python3 installed)', () => {
    expect(nativeCryptoProblem()).toBeNull();
  });
});
