import { afterEach, expect } from 'vitest';

import type { EventEnvelope, EventName, EventPayload } from '../../../../src/contract/events';
import type { ApiError } from '../../../../src/contract/api-error';
import { createOpsClient } from '../../../../src/contract/client';
import type { RequestInput } from '../../../../src/contract/requests';
import type { AuditEntry, FlagSetting } from '../../../../src/contract/wire-types';
import { createInProcessBridge } from '../../../../src/host/in-process-bridge';
import { startTestCore } from '../../../support/core-fixture';

export const KILL_SWITCH = 'search.suggestions-kill-switch';

type FlipInput = RequestInput<'flags.flip'>;

/**
 * A real core on the demo world (real Unleash and Graphite adapters over loopback), with a typed
 * client, every event it pushed, and shortcuts for a flag's production switch.
 */
export async function startFlagWorld(options: Parameters<typeof startTestCore>[0] = {}) {
  const running = await startTestCore(options);
  const client = createOpsClient(createInProcessBridge(running.core));
  const seen: EventEnvelope[] = [];
  running.core.events.subscribe((event) => seen.push(event));

  const setting = async (key: string, environment = 'production'): Promise<FlagSetting> => {
    const { flags } = await client.request('flags.list', {});
    const env = flags.find((f) => f.key === key)?.environments.find((e) => e.name === environment);
    if (!env) throw new Error(`no ${key} in ${environment}`);
    return { enabled: env.enabled, audience: env.audience, rolloutPercent: env.rolloutPercent };
  };
  /** A flip of the switch as the user saw it: on becomes off for everyone, off becomes on for everyone. */
  const flipInput = async (key: string, reason = 'search cluster overloaded'): Promise<FlipInput> => {
    const expected = await setting(key);
    const to: FlagSetting = { enabled: !expected.enabled, audience: 'everyone', rolloutPercent: null };
    return { key, environment: 'production', to, expected, reason };
  };
  const flipRefusal = async (input: FlipInput): Promise<ApiError> => {
    const error = await client.request('flags.flip', input).then(
      () => undefined,
      (e: unknown) => e as ApiError,
    );
    expect(error, 'the flip should have been refused').toBeDefined();
    return error!;
  };
  const events = <E extends EventName>(name: E) => seen.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>);
  const audit = async (): Promise<AuditEntry[]> => (await client.request('audit.list', { limit: 100 })).entries;
  return { ...running, client, seen, events, setting, flipInput, flipRefusal, audit };
}

/** `startFlagWorld` for the tests of one file, each world stopped after the test that started it. */
export function flagWorldPerTest() {
  const running: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of running.splice(0)) await stop();
  });
  return async (options: Parameters<typeof startFlagWorld>[0] = {}) => {
    const world = await startFlagWorld(options);
    running.push(world.stop);
    return world;
  };
}
