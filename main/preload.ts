import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';

// Types only: a sandboxed preload cannot load other files, so nothing of src/ may be bundled in.
import type { OpsBridge } from '../src/contract/bridge';
import type { EventEnvelope } from '../src/contract/events';

// Same names as main/ipc.ts; repeated rather than imported to keep this bundle free of main's code.
const REQUEST_CHANNEL = 'ops:request';
const EVENT_CHANNEL = 'ops:event';

/**
 * All the page can do: ask the core, and hear its events. No channel name, no ipcRenderer and
 * no IpcRendererEvent (whose `sender` is ipcRenderer itself) ever reaches the page.
 */
const bridge = {
  // No signal: an AbortSignal cannot cross contextBridge, and ipcRenderer.invoke cannot be
  // cancelled. The page drops a superseded answer itself; the core's timeout bounds the work.
  request: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(REQUEST_CHANNEL, name, input),
  on(listener: (event: EventEnvelope) => void): () => void {
    const handler = (_event: IpcRendererEvent, envelope: EventEnvelope) => listener(envelope);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    // The very function that was added, so removeListener finds it (Headlamp's bug was wrapping it again).
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies OpsBridge;

contextBridge.exposeInMainWorld('opsBridge', bridge);
