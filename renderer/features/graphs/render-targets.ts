import type { OpsClient } from '../../../src/contract/client';
import { renderInBatches } from '../../../src/contract/render-batches';
import type { RequestInput } from '../../../src/contract/requests';
import type { Series } from '../../../src/contract/wire-types';

/**
 * The series of any number of targets (a panel holds up to 100), in `graphs.render` requests the
 * contract takes. Every view that reads a panel's series goes through here.
 */
export async function renderTargets(client: OpsClient, targets: readonly string[], window: Omit<RequestInput<'graphs.render'>, 'targets'>): Promise<Series[]> {
  return renderInBatches(targets, async (batch) => (await client.request('graphs.render', { ...window, targets: batch })).series);
}
