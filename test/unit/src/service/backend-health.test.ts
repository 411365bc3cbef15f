import { AxiosError } from 'axios';
import type { AxiosResponse } from 'axios';
import { describe, expect, it, vi } from 'vitest';

import type { BackendIdentity } from '../../../../src/backends/backend-set';
import { createBackendHealth } from '../../../../src/service/backend-health';
import { BackendUnavailableError, ForbiddenError, InvalidInputError } from '../../../../src/errors';

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

  /** The http client's error as it really nests: ours, around axios's, around the answer. */
  const answered = (status: number, message: string) =>
    new BackendUnavailableError(message, { cause: new AxiosError(`status ${status}`, 'ERR_BAD_REQUEST', undefined, undefined, { status, data: {} } as AxiosResponse) });

  it('says the credentials were refused, or that it is rate-limited, rather than down or ok', async () => {
    const health = createBackendHealth([graphite], () => {});
    const refused = answered(401, 'Graphite at graphite.internal refused our credentials (401): check its token or password in Settings.');
    await expect(health.track(graphite, () => Promise.reject(refused))).rejects.toBe(refused);
    expect(health.statuses()[0]).toMatchObject({ state: 'credentials_refused', message: refused.message });
    await expect(health.track(graphite, () => Promise.reject(answered(429, 'Graphite at graphite.internal answered 429.')))).rejects.toThrow('429');
    expect(health.statuses()[0]!.state).toBe('rate_limited');
  });

  it('keeps a backend ok when it refused one write this token may not make', async () => {
    const health = createBackendHealth([graphite], () => {});
    const forbidden = new ForbiddenError('Unleash lets this token read flags but not flip x in production (403, it lacks UPDATE_FEATURE_ENVIRONMENT).', { cause: answered(403, 'refused') });
    await expect(health.track(graphite, () => Promise.reject(forbidden))).rejects.toBe(forbidden);
    expect(health.statuses()[0]).toMatchObject({ state: 'ok', message: null });
  });
});
