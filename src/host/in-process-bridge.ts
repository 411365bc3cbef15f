import type { OpsBridge } from '../contract/bridge';
import type { EventEnvelope } from '../contract/events';
import type { Core } from './compose-core';

/**
 * The contract without a transport, for component and contract tests. Values make a JSON round
 * trip both ways, so anything that would not survive IPC or HTTP fails here too.
 */
export function createInProcessBridge(core: Pick<Core, 'dispatch' | 'events'>): OpsBridge {
  const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;
  return {
    request: async (name, input, signal?: AbortSignal) => wire(await core.dispatch(name, wire(input), signal)),
    on: (listener) => core.events.subscribe((event: EventEnvelope) => listener(wire(event))),
  };
}
