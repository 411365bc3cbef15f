import type { OpsClient } from '../../../src/contract/client';
import { renderChunks } from '../../../src/contract/render-chunks';
import type { RequestInput } from '../../../src/contract/requests';
import type { Series } from '../../../src/contract/wire-types';

/**
 * The series of any number of targets (a panel holds up to 100): `graphs.render` takes
 * RENDER_MAX_TARGETS per request, so more are asked for in several requests at once, and their
 * series come back in the targets' order. Every view that reads a panel's series goes through
 * here, so none can send a request the contract refuses.
 */
export async function renderTargets(client: OpsClient, targets: readonly string[], window: Omit<RequestInput<'graphs.render'>, 'targets'>): Promise<Series[]> {
  const sets = await Promise.all(renderChunks(targets).map((batch) => client.request('graphs.render', { ...window, targets: batch })));
  return sets.flatMap((set) => set.series);
}
