import { describe, expect, it } from 'vitest';

import { MASK, maskSecrets } from '../../../src/secret-mask';

const TOKEN = 'tok-3f9a1c77e2';
const PASSWORD = 'p&ss"w<rd\'42';
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('masking secret values', () => {
  it('masks a secret as it is and in the escaped forms a server echoes it in', () => {
    const echoes = [
      `invalid token ${TOKEN}`,
      JSON.stringify({ message: `bad password ${PASSWORD}` }),
      `<p>password: ${PASSWORD.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')}</p>`,
      `GET /render?password=${encodeURIComponent(PASSWORD)}`,
      `token in base64: ${base64(TOKEN)}`,
    ];
    for (const echo of echoes) {
      const masked = maskSecrets(echo, [TOKEN, PASSWORD]);
      expect(masked, echo).toContain(MASK);
      expect(masked).not.toContain(TOKEN);
      expect(masked).not.toContain('w<rd');
      expect(masked).not.toContain(base64(TOKEN).slice(0, 12));
    }
  });

  it("masks HTTP Basic's base64 user:password wherever it appears, whoever the user is", () => {
    const header = base64(`deploy-bot:${PASSWORD}`);
    for (const echo of [`Authorization: Basic ${header}`, `{"authorization":"Basic ${header}"}`, `Basic%20${header}`, `auth=${header.replace(/\+/g, '-').replace(/\//g, '_')}`]) {
      const masked = maskSecrets(echo, [PASSWORD]);
      expect(masked, echo).not.toContain(header.slice(0, 16));
      expect(masked).toContain(MASK);
    }
  });

  it('leaves text without a secret alone, and never masks values too short to be secrets', () => {
    const text = 'Graphite at http://graphite.internal answered 500: dXNlcjpvdGhlcg== is someone else';
    expect(maskSecrets(text, [TOKEN])).toBe(text);
    expect(maskSecrets('a 500 at 12:00', ['500'])).toBe('a 500 at 12:00');
  });
});
