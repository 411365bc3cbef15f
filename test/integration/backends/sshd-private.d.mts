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
