// The browser-mode host as the Chromium benches drive it: `node out/host/cli.mjs` on a free
// loopback port with its own state directory (config file under <stateDir>/ops-console), and
// requests to it the way the page makes them (session cookie from the launch token).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Starts the host; `ready` resolves to its launch URL (with the token), `stop` ends it; `pid` is its process (for its CPU time). */
export function startHost(stateDir) {
  const child = spawn(process.execPath, [path.join(root, 'out/host/cli.mjs'), '--port', '0', '--state-dir', stateDir], {
    cwd: root, env: { ...process.env, XDG_CONFIG_HOME: stateDir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host not ready: ${out}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /Ops Console ready at (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    void exited.then(() => reject(new Error(`host exited: ${out}`)));
  });
  const stop = async () => { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGTERM'); await exited; } };
  return { ready, stop, pid: child.pid };
}

/** The session cookie a page gets for the launch URL's token, as { name, value, url } (what Playwright's addCookies takes). */
export async function sessionCookie(url) {
  const { origin, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token');
  const session = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ token }) });
  const [name, value] = session.headers.get('set-cookie').split(';')[0].split('=');
  return { name, value, url: origin };
}

/** One contract request to the host at `url` (its launch URL), as the page sends it; throws on an error answer. */
export async function hostRequest(url, name, input) {
  const { origin } = new URL(url);
  const { name: cookieName, value } = await sessionCookie(url);
  const cookie = `${cookieName}=${value}`;
  const response = await fetch(`${origin}/api/request`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie }, body: JSON.stringify({ name, input }) });
  const result = await response.json();
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}
