/**
 * `graphs.render` takes at most this many targets; a panel may hold more
 * (`DEFINITION_LIMITS.targetsPerPanel`) and asks in several requests.
 */
export const RENDER_MAX_TARGETS = 20;

/**
 * A panel's targets as the requests that render them. The window asks in these chunks and the
 * core remembers each chunk's answer under its targets, so both must cut the same way.
 */
export function renderChunks<T>(targets: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < targets.length; i += RENDER_MAX_TARGETS) chunks.push(targets.slice(i, i + RENDER_MAX_TARGETS));
  return chunks;
}
