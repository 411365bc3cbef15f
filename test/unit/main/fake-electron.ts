import { EventEmitter } from 'node:events';

/**
 * A recording stand-in for the `electron` module, for running the real main and preload
 * bundles under plain Node (the Electron binary cannot be downloaded everywhere). It does
 * only what the glue calls, and remembers it so tests can assert and drive it.
 */
export interface FakeWebContents extends EventEmitter {
  id: number;
  url: string;
  sent: [string, unknown][];
  windowOpenHandler?: (details: { url: string }) => { action: string };
  getURL(): string;
  isDestroyed(): boolean;
  isLoading(): boolean;
  send(channel: string, payload: unknown): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
}

let nextId = 1;
export function fakeWebContents(url = ''): FakeWebContents {
  const contents = Object.assign(new EventEmitter(), {
    id: nextId++,
    url,
    sent: [] as [string, unknown][],
    getURL: () => contents.url,
    isDestroyed: () => false,
    isLoading: () => false,
    send: (channel: string, payload: unknown) => void contents.sent.push([channel, payload]),
    setWindowOpenHandler: (handler: FakeWebContents['windowOpenHandler']) => void (contents.windowOpenHandler = handler),
  }) as FakeWebContents;
  return contents;
}

export interface FakeWindow extends EventEmitter {
  options: Record<string, any>;
  webContents: FakeWebContents;
  loaded: string[];
}

export interface FakeElectron {
  /** What `require('electron')` returns in the bundle. */
  electron: { protocol: { privileged: unknown[] }; shell: { opened: string[] }; menu: unknown } & Record<string, unknown>;
  app: EventEmitter & { getPath(name: string): string };
  /** Calls whose order matters, e.g. `app.setPath userData` before `app.requestSingleInstanceLock`. */
  calls: string[];
  windows: FakeWindow[];
  /** Registered handlers by `protocol:<scheme>`, `ipc:<channel>`, `ipc-on:<channel>`, `permission`, `permission-check`. */
  handlers: Map<string, (...args: any[]) => any>;
  /** Resolves `app.whenReady()`. */
  ready(): void;
}

export function createFakeElectron(options: { userData: string; keyring?: boolean }): FakeElectron {
  const calls: string[] = [];
  const windows: FakeWindow[] = [];
  const handlers = new Map<string, (...args: any[]) => any>();
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const paths: Record<string, string> = { userData: options.userData };

  class FakeWindow extends EventEmitter {
    static getAllWindows = () => windows;
    static fromWebContents = (contents: unknown) => windows.find((w) => w.webContents === contents) ?? null;
    webContents = fakeWebContents();
    loaded: string[] = [];
    constructor(readonly options: Record<string, any>) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      this.webContents.url = url;
      return Promise.resolve();
    }
    isMinimized = () => false;
    restore() {}
    show() {}
    focus() {}
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    whenReady: () => readyPromise,
    getVersion: () => '0.1.0-test',
    getPath: (name: string) => paths[name] ?? `/fake/${name}`,
    setPath: (name: string, value: string) => void (calls.push(`app.setPath ${name}`), (paths[name] = value)),
    requestSingleInstanceLock: () => (calls.push('app.requestSingleInstanceLock'), true),
    setAsDefaultProtocolClient: (scheme: string) => (calls.push(`app.setAsDefaultProtocolClient ${scheme}`), true),
    enableSandbox: () => void calls.push('app.enableSandbox'),
    quit: () => void calls.push('app.quit'),
    exit: (code: number) => void calls.push(`app.exit ${code}`),
    setAboutPanelOptions: () => {},
    showAboutPanel: () => {},
  });

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => void (electron.menu = menu) },
    menu: undefined as unknown,
    protocol: {
      privileged: [] as unknown[],
      registerSchemesAsPrivileged: (schemes: unknown[]) => void (calls.push('protocol.registerSchemesAsPrivileged'), electron.protocol.privileged.push(...schemes)),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void handlers.set(`protocol:${scheme}`, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (...args: any[]) => void) => void handlers.set('permission', handler),
        setPermissionCheckHandler: (handler: (...args: any[]) => boolean) => void handlers.set('permission-check', handler),
      },
    },
    ipcMain: {
      handle: (channel: string, handler: (...args: any[]) => unknown) => void handlers.set(`ipc:${channel}`, handler),
      removeHandler: (channel: string) => void handlers.delete(`ipc:${channel}`),
      on: (channel: string, handler: (...args: any[]) => unknown) => void handlers.set(`ipc-on:${channel}`, handler),
      removeAllListeners: (channel: string) => void handlers.delete(`ipc-on:${channel}`),
    },
    safeStorage: {
      isEncryptionAvailable: () => options.keyring ?? false,
      getSelectedStorageBackend: () => (options.keyring ? 'gnome_libsecret' : 'basic_text'),
      encryptString: (plain: string) => Buffer.from(`enc:${plain}`),
      decryptString: (buffer: Buffer) => buffer.toString().replace(/^enc:/, ''),
    },
    shell: { opened: [] as string[], openExternal: (url: string) => (electron.shell.opened.push(url), Promise.resolve()) },
  };

  return { electron, app, calls, windows, handlers, ready: () => ready() };
}

/** The renderer side: what the preload sees of `electron`. */
export function createFakeRendererElectron() {
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoked: [] as unknown[][],
    invoke: (...args: unknown[]) => (ipcRenderer.invoked.push(args), Promise.resolve({ ok: true, value: 'answer' })),
  });
  const exposed: Record<string, unknown> = {};
  return { ipcRenderer, exposed, contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) } };
}
