// What the console says when a real Unleash 8.2.0 refuses, through the whole core (flags.flip,
// audit.list, backends.status), with `role: operator` from the config file: a Viewer's personal
// access token may read but not change flags (403), a wrong token may do nothing (401), and an
// Unleash that is stopped never got the flip at all.
import { describe, expect } from 'vitest';

import type { ApiError } from '../../src/contract/api-error';
import { createOpsClient } from '../../src/contract/client';
import type { BackendStatus } from '../../src/contract/wire-types';
import { parseConfigText } from '../../src/config/config-file';
import { createInProcessBridge } from '../../src/host/in-process-bridge';
import { startTestCore } from '../support/core-fixture';
import { startFaultProxy } from './support/fault-proxy';
import { FEATURES, mintViewerToken } from './support/real-unleash';
import type { RealUnleash, SeedFlag } from './support/real-unleash';
import { useSeededUnleash } from './support/seeded-unleash';

const KEY = 'checkout.refusal-it';
const SEED: SeedFlag[] = [{ name: KEY, type: 'kill-switch', description: 'A flag a viewer may look at', environments: { development: { enabled: false }, production: { enabled: true } } }];

const real = useSeededUnleash(SEED, async () => ({ close: async () => undefined }));
const { live } = real;

/** A core whose only flag service is this Unleash, read with `token`, as an operator (the config file says so). */
async function consoleWith(url: string, token: string) {
  const config = parseConfigText(
    '/etc/ops-console/config.yaml',
    `role: operator
flags:
  - { id: unleash, name: Unleash (it), type: unleash, url: '${url}', tokenSecret: unleash.token, project: default }
`,
  );
  const running = await startTestCore({ config });
  const client = createOpsClient(createInProcessBridge(running.core));
  await client.request('secrets.set', { name: 'unleash.token', value: token });
  const unleashStatus = async (): Promise<BackendStatus> => (await client.request('backends.status', {})).find((s) => s.id === 'unleash')!;
  const flip = (enabled: boolean) =>
    client.request('flags.flip', { key: KEY, environment: 'production', expected: { enabled: !enabled, audience: 'everyone', rolloutPercent: null }, to: { enabled, audience: 'everyone', rolloutPercent: null }, reason: 'integration test' }).then(
      () => undefined,
      (error: unknown) => error as ApiError,
    );
  return { ...running, client, unleashStatus, flip };
}

const enabledInUnleash = async (unleash: RealUnleash) => ((await (await unleash.admin('GET', `${FEATURES}/${KEY}/environments/production`)).json()) as { enabled: boolean }).enabled;

describe('a refusal is a refusal', () => {
  live("a Viewer's token: the flip is refused naming the permission, audited as refused, and Unleash stays ok", async () => {
    const ops = await consoleWith(real.unleash.url, await mintViewerToken(real.unleash, `viewer-refusal-${process.pid}@example.com`));
    try {
      expect((await ops.client.request('flags.list', {})).flags.map((f) => f.key)).toContain(KEY);
      const error = await ops.flip(false);
      expect(error?.code).toBe('forbidden');
      expect(error?.message).toBe(
        `Unleash (it) at ${real.unleash.url} lets this token read flags but not flip "${KEY}" in production (403, it lacks UPDATE_FEATURE_ENVIRONMENT): use the personal access token of an Editor or an admin token in Settings.`,
      );
      expect(await enabledInUnleash(real.unleash)).toBe(true);
      const [entry] = (await ops.client.request('audit.list', { limit: 10 })).entries;
      expect(entry).toMatchObject({ key: KEY, outcome: 'refused', after: null, message: error!.message });
      expect(await ops.unleashStatus()).toMatchObject({ state: 'ok', message: null });
    } finally {
      await ops.stop();
    }
  }, 60_000);

  live('a token Unleash does not know: every read is refused, and the status says the credentials were refused, not ok nor down', async () => {
    const ops = await consoleWith(real.unleash.url, '*:*.not-the-token');
    try {
      await expect(ops.client.request('flags.list', {})).rejects.toMatchObject({ code: 'backend_unavailable' });
      expect(await ops.unleashStatus()).toMatchObject({
        state: 'credentials_refused',
        message: `Unleash (it) at ${real.unleash.url} refused our credentials (401): check its token or password in Settings.`,
      });
    } finally {
      await ops.stop();
    }
  }, 60_000);

  live('Unleash gone before the flip: not flipped, nothing was sent, and it shows as down', async () => {
    // Unleash behind a proxy of this test's own; closing it stands for Unleash stopped between the list and the flip.
    const proxy = await startFaultProxy(real.unleash.url);
    const ops = await consoleWith(proxy.url, real.unleash.adminToken);
    try {
      await ops.client.request('flags.list', {});
      await proxy.close();
      const error = await ops.flip(false);
      expect(error?.code).toBe('not_sent');
      // Refused or reset, as the closing proxy's sockets go: either way it did not answer.
      expect(error?.message).toMatch(
        new RegExp(`^Unleash \\(it\\) at ${proxy.url} did not answer the read before the flip: it (refused the connection|could not be reached).*\\. Nothing was sent, so ${KEY.replace('.', '\\.')} in production is as it was; flip again once it answers\\.$`),
      );
      expect(await enabledInUnleash(real.unleash)).toBe(true);
      const [entry] = (await ops.client.request('audit.list', { limit: 10 })).entries;
      expect(entry).toMatchObject({ key: KEY, outcome: 'failed', after: null, message: error!.message });
      expect(await ops.unleashStatus()).toMatchObject({ state: 'down', message: expect.stringMatching(new RegExp(`^Unleash \\(it\\) at ${proxy.url} (refused the connection|could not be reached)`)) });
    } finally {
      await ops.stop();
    }
  }, 60_000);
});
