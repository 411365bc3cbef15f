import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'out/host/cli.mjs');
const READY = /Ops Console ready at (http:\/\/127\.0\.0\.1:\d+\/#token=([0-9a-f]{64}))/;

export interface RunningHost {
  /** The address exactly as printed, token fragment included. */
  url: string;
  origin: string;
  token: string;
  stateDir: string;
  /** Everything the host wrote so far. */
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** YAML for the config file where the host looks for it; without one the demo world runs. */
  config?: string;
  /** Files to put in the state dir before it starts, by name (`known_hosts`). */
  stateFiles?: Record<string, string>;
  /** More environment for the host, such as `OPS_CONSOLE_SECRET_UNLEASH_TOKEN` for a secret it starts with. */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** An existing state dir (a restart): used as is, and left in place by stop(). */
  stateDir?: string;
}

/** Starts browser mode the way a person does (`node out/host/cli.mjs`), on a free port and an empty state dir. */
export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const { timeoutMs = 20_000 } = options;
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`node main/build.mjs\`.`);
  const stateDir = options.stateDir ?? mkdtempSync(path.join(os.tmpdir(), 'ops-console-e2e-'));
  if (options.config !== undefined) {
    mkdirSync(path.join(stateDir, 'ops-console'), { recursive: true });
    writeFileSync(path.join(stateDir, 'ops-console', 'config.yaml'), options.config);
  }
  for (const [name, text] of Object.entries(options.stateFiles ?? {})) writeFileSync(path.join(stateDir, name), text);
  const child = spawn(process.execPath, [cli, '--port', '0', '--state-dir', stateDir], {
    cwd: root,
    env: { ...process.env, ...options.env, XDG_CONFIG_HOME: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
  };

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The host printed no ready line within ${timeoutMs} ms.\nstdout: ${out}\nstderr: ${err}`)), timeoutMs);
    const check = () => {
      const found = READY.exec(out);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The host exited before it was ready (code ${child.exitCode}).\nstdout: ${out}\nstderr: ${err}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  const url = match[1]!;
  return { url, origin: new URL(url).origin, token: match[2]!, stateDir, stdout: () => out, stderr: () => err, stop };
}
