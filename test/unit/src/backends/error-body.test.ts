import { describe, expect, it } from 'vitest';

import { plainText } from '../../../../src/backends/error-body';

describe('the text of an error page', () => {
  it('is what a person reads on it: no head, scripts, styles, comments or tags; entities decoded', () => {
    const page = [
      '<!DOCTYPE html><html><head><title>OperationalError at /render</title><style>body { color: red }</style></head>',
      '<body><!-- debug --><h1>OperationalError &amp; more</h1><script>var x = "<b>";</script>',
      '<pre class="exception_value">database is locked &lt;sqlite&gt; &#x27;whisper&#39;</pre></BODY></HTML>',
    ].join('\n');
    expect(plainText(page)).toBe("OperationalError & more database is locked <sqlite> 'whisper'");
  });

  it('keeps a < that opens no tag, and control characters become spaces', () => {
    expect(plainText('queue depth < 5 and latency <10ms\u0000\u001b[31m')).toBe('queue depth < 5 and latency <10ms [31m');
    expect(plainText('<p>queue depth <5</p>')).toBe('queue depth <5');
  });

  it('drops the rest of the page after an unclosed script or comment', () => {
    expect(plainText('Service down <script>alert(1)')).toBe('Service down');
    expect(plainText('Service down <!-- and so on')).toBe('Service down');
  });

  it('reads pathological markup in one pass (a backtracking regex would take minutes here)', () => {
    for (const opener of ['<script', '<style x', '<head']) expect(plainText(`before ${opener.repeat(300_000)}>after`), opener).toBe('before');
    expect(plainText(`before ${'<!-- '.repeat(300_000)}>after`)).toBe('before');
    expect(plainText(`before ${'<a'.repeat(300_000)}>after`)).toBe('before after');
    const unclosed = `before ${'<a '.repeat(300_000)}`;
    expect(plainText(unclosed)).toBe(unclosed.trim());
  });
});
