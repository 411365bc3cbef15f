import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { createMemorySecretVault } from '../config/secret-vault';
import { OpsError } from '../errors';
import { createLogger } from '../log';
import { createFileSettingsStore } from './file-settings-store';
import { startHttpHost } from './http-host';
import { readSecretSeeds } from './secret-sources';
import { startCore } from './start-core';

const USAGE = `Usage: npm run serve -- [--port N] [--open] [--config FILE] [--state-dir DIR] [--secrets-file FILE]

Serves Ops Console to a browser on this machine (127.0.0.1 only).
  --port N             listen on port N (default: a free port)
  --open               open the address in the default browser
  --config FILE        the backends to use (default: $XDG_CONFIG_HOME/ops-console/config.yaml;
                       without one, the built-in demo world runs)
  --state-dir DIR      where settings and the flip audit log are kept (default: $XDG_CONFIG_HOME/ops-console)
  --secrets-file FILE  JSON {"name": "value"} readable by its owner only (chmod 600)
Secrets also come from OPS_CONSOLE_SECRET_<NAME> variables, or are set in the app for this run.`;

async function main() {
  const args = parseCommandLine();
  const here = path.dirname(fileURLToPath(import.meta.url));
  const logger = createLogger();
  const secretVault = createMemorySecretVault({
    seed: readSecretSeeds(process.env, args.secretsFile),
    note: 'Browser mode keeps secrets set here in memory until it stops. To keep one, put it in OPS_CONSOLE_SECRET_<NAME> or a --secrets-file.',
  });
  const { core, config, stop } = await startCore({
    host: 'browser',
    version: readVersion(here),
    settingsStore: createFileSettingsStore(path.join(args.stateDir, 'settings.json')),
    secretVault,
    logger,
    configPath: args.config,
    stateDir: args.stateDir,
  });
  // Said where the person starting it looks; the app shows the same paragraph in a banner.
  if (config.status.error) process.stderr.write(`${config.status.error}\n`);
  if (config.status.state === 'absent') process.stdout.write(`No config file at ${config.status.path}: showing the built-in demo world.\n`);
  const host = await startHttpHost({
    dispatch: core.dispatch,
    events: core.events,
    logger,
    staticDir: path.resolve(here, '../renderer'),
    port: args.port,
  });
  process.stdout.write(`Ops Console ready at ${host.url}\n`);
  if (args.open) openInBrowser(host.url);

  const shutdown = () => {
    void Promise.all([stop(), host.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      open: { type: 'boolean', default: false },
      config: { type: 'string' },
      'state-dir': { type: 'string' },
      'secrets-file': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) exit(USAGE, 0);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) exit(`--port must be a number from 0 to 65535.\n\n${USAGE}`);
  const configHome = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return {
    port,
    open: values.open,
    config: values.config,
    stateDir: values['state-dir'] ?? path.join(configHome, 'ops-console'),
    secretsFile: values['secrets-file'],
  };
}

function readVersion(here: string): string {
  try {
    return (JSON.parse(readFileSync(path.resolve(here, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0-dev';
  }
}

function openInBrowser(url: string) {
  const [command, ...args] =
    process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url];
  spawn(command, args, { stdio: 'ignore', detached: true })
    .on('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`))
    .unref();
}

function exit(message: string, code = 2): never {
  (code === 0 ? process.stdout : process.stderr).write(message + '\n');
  process.exit(code);
}

main().catch((error: unknown) => {
  // Errors meant for people (a bad secrets file, a busy port) are shown as they are; others with their stack.
  const text = error instanceof OpsError ? error.message : error instanceof Error && 'code' in error && error.code === 'EADDRINUSE' ? `That port is taken: ${error.message}` : String(error instanceof Error ? error.stack : error);
  process.stderr.write(`Ops Console could not start: ${text}\n`);
  process.exit(1);
});
