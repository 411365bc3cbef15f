import { describe, expect, it } from 'vitest';

import { createLogger } from '../../../src/log';
import { rememberSecret } from '../../../src/secret-mask';

describe('logger', () => {
  it('masks fields that look secret and every known secret value, wherever it appears', () => {
    const lines: string[] = [];
    const logger = createLogger((line) => lines.push(line));
    rememberSecret('s3cr3t-value');
    logger.error('backend.failed', {
      headers: { Authorization: 'Bearer abc', accept: 'json' },
      error: new Error('401 for token s3cr3t-value'),
      nested: [{ password: 'x' }],
    });
    const text = lines.join('\n');
    expect(text).not.toContain('s3cr3t-value');
    expect(text).not.toContain('Bearer abc');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', event: 'backend.failed', headers: { accept: 'json' } });
  });
});
