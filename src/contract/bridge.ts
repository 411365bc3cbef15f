import type { EventEnvelope } from './events';

/**
 * The only thing the UI needs from its host. Implemented by the Electron preload (IPC), the
 * browser-mode HTTP client, and the in-process bridge of the tests. `request` resolves to a
 * `Result` envelope, never rejects for an API error; `on` returns its own unsubscribe.
 */
/**
 * What the contract needs of an `AbortSignal`. This folder has neither DOM nor Node types; both
 * runtimes' signals fit, and each bridge takes its own runtime's.
 */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface OpsBridge {
  /**
   * `signal` says the caller no longer wants the answer (a superseded range, an unmounted panel):
   * a bridge that can stop the work does (the HTTP bridge aborts its fetch, and the host then
   * aborts the handler), and rejects. Electron's invoke cannot be cancelled: the preload ignores
   * it and the core's per-request timeout bounds the work instead.
   */
  request(name: string, input: unknown, signal?: CancelSignal): Promise<unknown>;
  on(listener: (event: EventEnvelope) => void): () => void;
}
