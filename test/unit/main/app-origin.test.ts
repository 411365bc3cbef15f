import { describe, expect, it } from 'vitest';

import { APP_ENTRY_URL, isAppUrl, isSafeExternalUrl, isTrustedSender } from '../../../main/app-origin';

const ours = { hasWindow: true, frameUrl: APP_ENTRY_URL, isMainFrame: true };

describe('IPC sender trust', () => {
  it('trusts the top frame of our window showing our page', () => {
    expect(isTrustedSender(ours)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://ops-console/' })).toBe(true);
  });

  it('refuses a contents with no window of ours (webview, detached or devtools contents)', () => {
    expect(isTrustedSender({ ...ours, hasWindow: false })).toBe(false);
  });

  it('refuses a sub-frame, even one on our origin', () => {
    expect(isTrustedSender({ ...ours, isMainFrame: false })).toBe(false);
  });

  it('refuses our window once it shows another page', () => {
    for (const frameUrl of [
      'https://example.com/',
      'http://127.0.0.1:8080/index.html',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://ops-console.evil.com/index.html',
      'app://user:pass@ops-console/index.html',
      'other://ops-console/index.html',
      'data:text/html,<p>hi</p>',
      'about:blank',
      '',
      'not a url',
      undefined,
    ]) {
      expect(isTrustedSender({ ...ours, frameUrl }), String(frameUrl)).toBe(false);
    }
  });

  it('does not rely on URL.origin, which Node reports as "null" for every custom scheme', () => {
    // The trap this guards against: two different custom-scheme URLs have the same "origin" in Node.
    expect(new URL('app://ops-console/x').origin).toBe(new URL('evil://elsewhere/x').origin);
    expect(isAppUrl('evil://elsewhere/x')).toBe(false);
  });
});

describe('external links', () => {
  it('opens only http and https in the browser', () => {
    expect(isSafeExternalUrl('https://grafana.example.com/d/abc')).toBe(true);
    expect(isSafeExternalUrl('http://runbooks.internal/deploys')).toBe(true);
    for (const url of ['file:///bin/sh', 'smb://host/share', 'javascript:alert(1)', 'vscode://x', 'ms-msdt:/id', 'app://ops-console/', '', 'nope']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});
