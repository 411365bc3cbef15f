import type { EventEnvelope, EventName, EventPayload } from '../contract/events';

export type EventListener = (event: EventEnvelope) => void;

/** Fan-out of core events to every connected window, whatever carries them (IPC, SSE, in-process). */
export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventHub(onListenerError: (error: unknown) => void): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      const event: EventEnvelope = { name, payload };
      for (const listener of listeners) {
        // One broken connection must not starve the others.
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
