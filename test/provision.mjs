// What `npm test` needs from the machine, installed when missing (as root) or else named
// exactly, so a fresh Debian machine gets from clone to green with one command. Idempotent:
// a second run checks and installs nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { graphiteDebianPackages } from './integration/backends/graphite-provision.mjs';
import { journalDebianPackages } from './integration/backends/journal-provision.mjs';
import { nginxDebianPackages } from './integration/backends/nginx-provision.mjs';
import { sshdDebianPackages } from './integration/backends/sshd-provision.mjs';
import { provisionUnleashServer, unleashDebianPackages } from './integration/backends/unleash-provision.mjs';

/** Debian packages the suites need, each with the file that proves it is installed. */
const debianPackages = [
  { name: 'chromium', proof: '/usr/bin/chromium', why: 'Playwright end-to-end tests' },
  { name: 'faketime', proof: '/usr/bin/faketime', why: 'the unit and contract tests again with the clock 400 days ahead' },
  ...graphiteDebianPackages,
  ...unleashDebianPackages,
  ...nginxDebianPackages,
  ...sshdDebianPackages,
  ...journalDebianPackages,
];

export async function provision({ log = console.log } = {}) {
  return installDebianPackages(log) && (await provisionUnleashServer({ log }));
}

function installDebianPackages(log) {
  const missing = debianPackages.filter((p) => !existsSync(p.proof));
  if (missing.length === 0) return true;
  const names = [...new Set(missing.map((p) => p.name))];
  if (process.getuid?.() !== 0) {
    log(`Missing Debian packages: ${missing.map((p) => `${p.name} (${p.why})`).join(', ')}.`);
    log(`Install them, then run npm test again:\n  sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`);
    return false;
  }
  log(`Installing ${names.join(', ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit', env });
  return install.status === 0 && missing.every((p) => existsSync(p.proof));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit((await provision()) ? 0 : 1);
}
