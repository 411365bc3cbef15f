import { describe, expect, it } from 'vitest';

import { MASK, maskKnownSecrets, maskSecrets, rememberSecret } from '../../../src/secret-mask';

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
    // 'deploy-bot:' is 11 bytes; 'deployer:' is 9, so the password's own base64 sits aligned inside the header's.
    for (const header of [base64(`deploy-bot:${PASSWORD}`), base64(`deployer:${PASSWORD}`)]) {
      for (const echo of [`Authorization: Basic ${header}`, `{"authorization":"Basic ${header}"}`, `Basic%20${header}`, `auth=${header.replace(/\+/g, '-').replace(/\//g, '_')}`]) {
        const masked = maskSecrets(echo, [PASSWORD]);
        expect(masked, echo).not.toContain(header.slice(0, 12));
        expect(masked).toContain(MASK);
      }
    }
  });

  it('leaves text without a secret alone, and never masks values too short to be secrets', () => {
    const text = 'Graphite at http://graphite.internal answered 500: dXNlcjpvdGhlcg== is someone else';
    expect(maskSecrets(text, [TOKEN])).toBe(text);
    expect(maskSecrets('a 500 at 12:00', ['500'])).toBe('a 500 at 12:00');
  });
});

describe('the secrets this process knows', () => {
  it('masks every value remembered, wherever it is masked from, with the caller\'s own credentials too', () => {
    rememberSecret('remembered-token-5d2e');
    expect(maskKnownSecrets('token remembered-token-5d2e and tok-3f9a1c77e2', [TOKEN])).toBe(`token ${MASK} and ${MASK}`);
  });

  it("masks the parts of a secret URL a webhook's error page quotes on its own: its key segments, path, query values and password", () => {
    rememberSecret('https://bot:pw-8c1f@hooks.example.com/services/T0A1B2C3/B9Z8Y7X6/x7Kq9PzR2mWv4LtY8nBc?token=q1w2e3r4t5');
    for (const [echo, masked] of [
      ['No hook at /services/T0A1B2C3/B9Z8Y7X6/x7Kq9PzR2mWv4LtY8nBc?token=q1w2e3r4t5', `No hook at ${MASK}`],
      ['invalid_token: x7Kq9PzR2mWv4LtY8nBc', `invalid_token: ${MASK}`],
      ['team T0A1B2C3 has no channel B9Z8Y7X6', `team ${MASK} has no channel ${MASK}`],
      ['bad token q1w2e3r4t5', `bad token ${MASK}`],
      ['user bot with pw-8c1f', `user bot with ${MASK}`],
      ['POST https://bot:pw-8c1f@hooks.example.com/services/T0A1B2C3/B9Z8Y7X6/x7Kq9PzR2mWv4LtY8nBc?token=q1w2e3r4t5 failed', `POST ${MASK} failed`],
    ] as const) {
      expect(maskKnownSecrets(echo), echo).toBe(masked);
    }
    // Words of the path are not keys: masking them would hide them in every message.
    expect(maskKnownSecrets('the services of hooks.example.com')).toBe('the services of hooks.example.com');
  });
});
