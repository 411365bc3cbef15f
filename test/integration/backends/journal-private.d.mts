// Types for journal-private.mjs (plain JS so benches and the e2e host can use it without a build).
export declare const JOURNAL_REMOTE: string;
export declare const JOURNAL_GATEWAYD: string;
export declare const MISSING_JOURNAL_REMOTE: string;

export interface ExportEntry {
  host: string;
  message: string | Buffer;
  /** `__REALTIME_TIMESTAMP`, µs since 1970 [now]. */
  micros?: number;
  unit?: string;
  identifier?: string;
  priority?: number;
  pid?: number;
  bootId?: string;
  extra?: Record<string, string | Buffer>;
}
export declare function exportEntry(entry: ExportEntry): Buffer;

export interface CentralJournal {
  dir: string;
  journal: string;
  gatewayUrl: string;
  upload(entries: Buffer[]): Promise<void>;
  stopGateway(): Promise<void>;
  startGateway(): Promise<void>;
  /** Both daemons stopped, the journal files deleted, both started again on the same ports. */
  vacuum(): Promise<void>;
  stop(): Promise<void>;
}
export declare function startCentralJournal(options?: { dir?: string }): Promise<CentralJournal>;
