/** Deterministic pseudo-randomness: the same inputs give the same world on every start and in every test. */
export function hash(...parts: (string | number)[]): number {
  let h = 2_166_136_261;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
    h = Math.imul(h ^ 0x9e37, 16_777_619);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by its inputs. */
export function unit(...parts: (string | number)[]): number {
  return hash(...parts) / 4_294_967_296;
}

export function pick<T>(items: readonly T[], ...parts: (string | number)[]): T {
  return items[hash(...parts) % items.length]!;
}
