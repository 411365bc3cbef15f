// `npm start`: builds what is stale, then runs the desktop app, or browser mode when the
// Electron binary is absent (it cannot be downloaded on every machine) so `npm start` always
// gives a working console. Arguments after `npm start --` go to whichever starts.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildAll } from './build.mjs';
import { locateElectron } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

await buildAll({ ifStale: true });

const electron = locateElectron();
if (electron.binary) {
  // The project folder, not out/main/main.cjs: Electron then reads package.json (main, name,
  // version), so the app is "Ops Console" with its own userData, as when packaged.
  run(electron.binary, [root, ...args]);
} else {
  console.log(`Electron binary not found (${electron.missing}); starting browser mode instead.`);
  run(process.execPath, [path.join(root, 'out/host/cli.mjs'), ...args]);
}

/** @param {string} command @param {string[]} commandArgs */
function run(command, commandArgs) {
  const child = spawn(command, commandArgs, {
    cwd: root,
    // Nothing started here reads stdin, and a detached child must not touch the terminal's.
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group, so Ctrl-C reaches it once (forwarded below), not twice: a second
    // SIGINT would kill the host before it has closed its connections.
    detached: process.platform !== 'win32',
  });
  // SIGHUP too: a child in its own session does not hear the terminal close.
  /** @type {NodeJS.Signals[]} */
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + constants.signals[signal] : 1)));
}
