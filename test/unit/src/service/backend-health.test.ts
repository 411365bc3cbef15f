import { describe, expect, it, vi } from 'vitest';

import type { BackendIdentity } from '../../../../src/backends/backend-set';
import { createBackendHealth } from '../../../../src/service/backend-health';
import { InvalidInputError } from '../../../../src/errors';

const graphite: BackendIdentity = { id: 'g', kind: 'graphite', name: 'Graphite at graphite.internal', check: async () => 'ok' };

describe('backend health', () => {
  it('says which backend failed and why, and keeps when it last answered', async () => {
    let clock = 1_000;
    const onChange = vi.fn();
    const health = createBackendHealth([graphite], onChange, () => clock);
    await health.track(graphite, async () => 'ok');
    clock = 2_000;
    await expect(health.track(graphite, () => Promise.reject(new Error('connect ECONNREFUSED')))).rejects.toThrow(
      'Graphite at graphite.internal failed: connect ECONNREFUSED',
    );
    expect(health.statuses()).toEqual([
      expect.objectContaining({ state: 'down', lastOkAt: 1_000, checkedAt: 2_000, message: expect.stringContaining('ECONNREFUSED') }),
    ]);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('does not mark a backend down when the user abandoned the request', async () => {
    const health = createBackendHealth([graphite], () => {});
    const aborted = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(health.track(graphite, () => Promise.reject(aborted))).rejects.toBe(aborted);
    expect(health.statuses()[0]!.state).toBe('unknown');
  });

  it('keeps a backend up when it refused one request, such as a panel with a bad target', async () => {
    const health = createBackendHealth([graphite], () => {});
    const refused = new InvalidInputError('Graphite rejected the target: unknown function noSuchFunc');
    await expect(health.track(graphite, () => Promise.reject(refused))).rejects.toBe(refused);
    expect(health.statuses()[0]!.state).toBe('ok');
  });
});
