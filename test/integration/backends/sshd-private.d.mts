// Types for sshd-private.mjs (plain JS so the bench can use it without a build).
export declare const SSHD_BIN: string;
export declare const MISSING_SSHD: string;

export interface PrivateSshd {
  dir: string;
  port: number;
  /** The wrapper's log directory. */
  logs: string;
  /** The client's private key file (its `.pub` is authorized with the forced command). */
  clientKey: string;
  username: string;
  hostKeyFile: string;
  /** `SHA256:…` as `ssh-keygen -l` prints the host key's fingerprint. */
  fingerprint: string;
  drop(): Promise<string>;
  sshdLog(): string;
  stop(): Promise<void>;
}

export declare function startPrivateSshd(options?: {
  dir?: string;
  hostKey?: string;
  port?: number;
  jumpTo?: number;
  extraPublicKeys?: string[];
  /** Journal files the wrapper's journalctl reads (`--journal-directory`). */
  journalDir?: string;
}): Promise<PrivateSshd>;

/** Ends every open session of all these sshds in one go, as a blip hitting a whole fleet would; the sshds stay. Returns how many processes died. */
export declare function dropAtOnce(sshds: readonly PrivateSshd[]): number;

/** user + system CPU ticks a process has used itself (`own`) and reaped from its children (`reaped`); zeros once it is gone. */
export declare function cpuTicks(pid: number): { own: number; reaped: number };

/** Milliseconds per CPU tick of /proc (1000 / CLK_TCK). */
export declare function msPerTick(): number;

/** CPU time (ms) this sshd and everything under it (per-connection processes, the wrapper, tail) have used so far. */
export declare function cpuMsOf(sshd: PrivateSshd): number;

/** The client connections this sshd holds now (it forks one process for each, logged in or not). */
export declare function connectionsTo(sshd: PrivateSshd): number;
