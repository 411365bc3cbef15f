/**
 * Targets one `graphs.render` takes, and so one Graphite render is asked for: a panel may hold
 * more (`DEFINITION_LIMITS.targetsPerPanel`), and is asked for in batches of this many.
 */
export const RENDER_TARGETS_MAX = 20;

/**
 * The series of any number of targets, asked for RENDER_TARGETS_MAX at a time (the batches at
 * once) and returned in the targets' order. The graphs (over `graphs.render`) and the core's
 * guarded ramps (over Graphite itself) both read a panel's series through here, so neither
 * sends a request the contract, or a Graphite, would refuse for its size.
 */
export async function renderInBatches<S>(targets: readonly string[], render: (batch: string[]) => Promise<readonly S[]>): Promise<S[]> {
  const batches: string[][] = [];
  for (let i = 0; i < targets.length; i += RENDER_TARGETS_MAX) batches.push(targets.slice(i, i + RENDER_TARGETS_MAX));
  const sets = await Promise.all(batches.map(render));
  return sets.flat();
}
