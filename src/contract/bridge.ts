import type { EventEnvelope } from './events';

/**
 * The only thing the UI needs from its host. Implemented by the Electron preload (IPC), the
 * browser-mode HTTP client, and the in-process bridge of the tests. `request` resolves to a
 * `Result` envelope, never rejects for an API error; `on` returns its own unsubscribe.
 */
export interface OpsBridge {
  request(name: string, input: unknown): Promise<unknown>;
  on(listener: (event: EventEnvelope) => void): () => void;
}
