/** Polls `condition` until it holds; fails with what was awaited (and what was seen, from a function) once `timeoutMs` has passed. */
export async function waitFor(condition: () => boolean, what: string | (() => string), timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
