// A real Unleash 8.2.0 on a private PostgreSQL 15 (test/integration/backends/unleash-backend.sh)
// on free 127.0.0.1 ports in a fresh temp dir, seeded from a list of flags, for the integration
// tests and the bench alike. Needs `apt-get install -y postgresql` and
// `node test/integration/backends/unleash-provision.mjs`; start() names them when missing.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { Flag } from '../../../src/contract/wire-types';
import { freePorts } from '../../support/free-port.mjs';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../backends/unleash-backend.sh');
export const FEATURES = '/api/admin/projects/default/features';

export interface SeedEnvironment {
  enabled: boolean;
  rollout?: number;
  /** userIds: the old staff-only habit, 100 % for these users (reads as staff). */
  staff?: string[];
  /** userGroup IN [group]: staff as the console writes it. */
  group?: string;
  dark?: boolean;
}

export interface SeedFlag {
  name: string;
  type: Flag['type'];
  description: string;
  tags?: string[];
  stale?: boolean;
  environments: Record<string, SeedEnvironment>;
}

export interface RealUnleash {
  url: string;
  adminToken: string;
  pgPort: number;
  /** A call straight to Unleash's Admin API (bypassing the adapter); throws on a non-2xx answer. */
  admin(method: string, apiPath: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  seed(flags: SeedFlag[]): Promise<string>;
  /** Stops or starts PostgreSQL alone, leaving Unleash running (it then still says ready). */
  postgres(action: 'stop' | 'start'): Promise<void>;
  /** Stops both servers and removes the state dir. */
  dispose(): Promise<void>;
}

export async function startRealUnleash(): Promise<RealUnleash> {
  const [port, pgPort] = await freePorts(2);
  const stateDir = mkdtempSync(path.join(tmpdir(), 'ops-console-unleash-'));
  const adminToken = `*:*.ops-console-it-${process.pid}-${Date.now()}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    UNLEASH_STATE_DIR: stateDir,
    UNLEASH_PORT: String(port),
    UNLEASH_PG_PORT: String(pgPort),
    UNLEASH_ADMIN_TOKEN: adminToken,
    UNLEASH_READY_TIMEOUT: '120',
    // Should this process die without dispose(), the script's watchdog stops both servers and removes the dir.
    UNLEASH_WATCH_PID: String(process.pid),
    UNLEASH_WATCH_CLEANUP: '1',
  };
  const script = async (command: string, timeoutMs: number, extra: NodeJS.ProcessEnv = {}) => {
    try {
      const { stdout } = await promisify(execFile)('bash', [SCRIPT, command], { env: { ...env, ...extra }, timeout: timeoutMs });
      return stdout.trim();
    } catch (error) {
      const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message: string };
      throw new Error(`unleash-backend.sh ${command} failed: ${(stderr || stdout || message).trim()}`, { cause: error });
    }
  };
  try {
    await script('start', 150_000);
  } catch (error) {
    await script('stop', 60_000).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const pgctl = (action: 'stop' | 'start') => {
    const data = path.join(stateDir, 'pgdata');
    const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    // A log file, not our stdout: the server would hold execFile's pipe open and it would never return.
    const options = action === 'start' ? ['-l', path.join(data, 'postgres.log'), '-o', `-c listen_addresses=127.0.0.1 -c port=${pgPort} -c unix_socket_directories='' -c fsync=off`] : ['-m', 'fast'];
    const [command, ...args] = [...asPostgres, '/usr/lib/postgresql/15/bin/pg_ctl', '-D', data, '-w', ...options, action];
    return promisify(execFile)(command, args, { cwd: '/', timeout: 60_000 }).then(() => undefined);
  };
  return {
    url,
    adminToken,
    pgPort: pgPort!,
    async admin(method, apiPath, body, headers = { Authorization: adminToken }) {
      const response = await fetch(url + apiPath, {
        method,
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) throw new Error(`${method} ${apiPath} -> ${response.status} ${await response.text()}`);
      return response;
    },
    async seed(flags) {
      const file = path.join(stateDir, `seed-${Date.now()}.json`);
      writeFileSync(file, JSON.stringify(flags));
      return script('seed', 120_000, { UNLEASH_SEED_FILE: file });
    },
    postgres: pgctl,
    async dispose() {
      try {
        await script('stop', 60_000);
      } finally {
        rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}

/** A Viewer (root role 3) with a personal access token of its own, made through Unleash's own API: it may read flags, not change them. */
export async function mintViewerToken(unleash: RealUnleash, email: string): Promise<string> {
  const password = 'Viewer-Passw0rd!x';
  await unleash.admin('POST', '/api/admin/user-admin', { email, name: 'Vi Viewer', rootRole: 3, password, sendEmail: false });
  const mint = async () => {
    const login = await unleash.admin('POST', '/auth/simple/login', { username: email, password }, {});
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return ((await (await unleash.admin('POST', '/api/admin/user/tokens', { description: 'viewer token', expiresAt: '2099-01-01T00:00:00Z' }, { Cookie: cookie })).json()) as { secret: string }).secret;
  };
  // Setup only: a token request right after a fresh login was once answered 401; tried up to three times.
  return mint().catch(mint).catch(mint);
}
