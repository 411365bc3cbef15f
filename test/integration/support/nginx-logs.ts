// The log world of the HTTP log source's integration tests: one private nginx per test file,
// serving a temporary log directory, and our adapter following the files in it.
import { chmodSync, existsSync, openSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import { LogSourceDefinition } from '../../../src/contract/backend-definitions';
import { createHttpLogSource } from '../../../src/logs/http-log-source';
import type { HttpLogSourceDefinition, HttpLogSourceOptions } from '../../../src/logs/http-log-source';
import { recordFollow } from '../../unit/src/logs/follow-recorder';
import { startPrivateNginx } from './private-nginx';
import type { PrivateNginx } from './private-nginx';

/** Registers the file's hooks: nginx starts before its tests and is gone, with its files, after them. */
export function useNginxLogs() {
  let nginx: PrivateNginx | null = null;
  /** Why there is no nginx: every test fails with it (a failed beforeAll would count them as skipped). */
  let setupError: unknown = null;
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    try {
      nginx = await startPrivateNginx();
    } catch (error) {
      setupError = error;
    }
  }, 60_000);

  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  afterAll(async () => {
    for (const stop of stops.splice(0)) stop();
    try {
      await nginx?.stop();
      for (const pid of nginx?.masters ?? []) expect(existsSync(`/proc/${pid}`), `nginx master ${pid} is still there`).toBe(false);
    } finally {
      if (nginx) rmSync(nginx.stateDir, { recursive: true, force: true });
      if (nginx) rmSync(nginx.logDir, { recursive: true, force: true });
    }
  }, 60_000);

  const server = (): PrivateNginx => {
    if (!nginx) throw setupError instanceof Error ? setupError : new Error(`The private nginx did not start: ${String(setupError)}`);
    return nginx;
  };

  /** What a person would put in the config for a log nginx serves (through `base`, e.g. a proxy), checked as the config is. */
  const definition = (file: string, base = server().url): HttpLogSourceDefinition =>
    LogSourceDefinition.parse({ id: 'web-1-app', kind: 'logs', type: 'http', url: `${base}/logs/${file}`, host: 'web-1', service: 'web' }) as HttpLogSourceDefinition;

  const source = (file: string, options: HttpLogSourceOptions & { base?: string } = {}) =>
    createHttpLogSource(definition(file, options.base), { reveal: () => undefined }, { pollMs: 20, ...options });

  const served = (name: string): string => path.join(server().logDir, name);

  return {
    server,
    source,
    served,
    /** Follows `file` through our adapter and the pipeline, keeping everything it hears. */
    follow: (file: string, options: HttpLogSourceOptions & { base?: string } = {}) => {
      const { record, follower } = recordFollow();
      const stop = source(file, options).follow(follower);
      stops.push(stop);
      return { ...record, stop };
    },
    /** Writes a log the way a service would, readable by nginx's www-data worker whatever the umask. */
    writeLog: (name: string, text: string | Buffer): void => {
      writeFileSync(served(name), text);
      chmodSync(served(name), 0o644);
    },
    /** Opens a log for appending, as the app that writes it holds it open. */
    openLog: (name: string): number => {
      const fd = openSync(served(name), 'a');
      chmodSync(served(name), 0o644);
      return fd;
    },
  };
}
