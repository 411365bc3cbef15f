import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { contentTypeOf, resolveAppFile } from '../../../main/app-files';

const root = path.resolve('/opt/ops-console/out/renderer');

describe('files served on app://ops-console', () => {
  it('maps the origin root and paths to files in the renderer build', () => {
    expect(resolveAppFile(root, 'app://ops-console/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://ops-console/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://ops-console/assets/index-3f2a.js?v=1#x')).toBe(path.join(root, 'assets', 'index-3f2a.js'));
    expect(resolveAppFile(root, 'app://ops-console/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it('refuses every path that would leave the renderer build', () => {
    for (const url of [
      'app://ops-console/%2e%2e/main/main.cjs',
      'app://ops-console/assets/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
      'app://ops-console/..%2f..%2fpackage.json',
      'app://ops-console/..%5c..%5cpackage.json',
      'app://ops-console/%2fetc%2fpasswd',
      'app://ops-console/index.html%00.png',
      'app://ops-console/%E0%A4%A',
    ]) {
      const file = resolveAppFile(root, url);
      if (file !== null) expect(file.startsWith(root + path.sep), `${url} -> ${file}`).toBe(true);
    }
    // The URL parser already folds `%2e%2e` segments; `%2f` survives it and is caught by the root check.
    expect(resolveAppFile(root, 'app://ops-console/..%2f..%2fpackage.json')).toBeNull();
    expect(resolveAppFile(root, 'app://ops-console/index.html%00.png')).toBeNull();
  });

  it('serves nothing for another host or scheme', () => {
    expect(resolveAppFile(root, 'app://elsewhere/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///opt/ops-console/out/renderer/index.html')).toBeNull();
  });

  it('labels what it serves, so nosniff does not block scripts', () => {
    expect(contentTypeOf('x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeOf('x/app.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeOf('x/blob.bin')).toBe('application/octet-stream');
  });
});
