import { useEffect, useRef } from 'react';

import type { EventName, EventPayload } from '../../src/contract/events';
import { useOpsClient } from './ops-client';

/** Subscribes for the component's lifetime; the latest `listener` is called without re-subscribing. */
export function useOpsEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const client = useOpsClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(name, (payload) => latest.current(payload)), [client, name]);
}
