import { readFile } from 'node:fs/promises';

import { protocol } from 'electron';

import { securityHeaders } from '../src/host/content-security-policy';
import type { Logger } from '../src/log';
import { APP_SCHEME } from './app-origin';
import { contentTypeOf, resolveAppFile } from './app-files';

/**
 * Must run before `ready`. `standard` gives the scheme an origin of its own (so `'self'` in the
 * CSP and relative URLs work), `secure` makes it a secure context like https, and
 * `supportFetchAPI` lets the page fetch its own assets. No `bypassCSP`, no `corsEnabled`.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer from `root` (out/renderer) on app://ops-console, with the same
 * security headers browser mode sends. Served from a custom origin rather than file:// so the
 * page cannot read other local files and the IPC sender check has one origin to compare.
 */
export function serveAppProtocol(root: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const headers = new Headers(securityHeaders);
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers });
    const file = resolveAppFile(root, request.url);
    if (!file) {
      logger.warn('app_protocol.refused', { url: request.url });
      return new Response('Not found', { status: 404, headers });
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return new Response('Not found', { status: 404, headers });
    }
    headers.set('Content-Type', contentTypeOf(file));
    headers.set('Cache-Control', 'no-store');
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  });
}
