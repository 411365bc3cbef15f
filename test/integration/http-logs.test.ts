// The HTTP log source against a real nginx (Debian 12's 1.22), started and stopped here through
// test/integration/backends/nginx-backend.sh: the same behaviours test/unit/src/logs proves
// against the demo log server, now against the server people actually put in front of logs.
// Everything goes through our adapter (createHttpLogSource); nginx's own access log is the
// witness for what the log host was asked.
import { appendFileSync, closeSync, readFileSync, renameSync, statSync, utimesSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { BackendUnavailableError } from '../../src/errors';
import { numbered, numbers, range } from '../unit/src/logs/tail-fixture';
import { useNginxLogs } from './support/nginx-logs';
import { waitFor } from './support/private-nginx';

const { server, source, follow, served, writeLog, openLog } = useNginxLogs();

/**
 * Writes `text` through `fd` in pieces of uneven size, nearly all ending inside a line (torn
 * writes), with a pause now and then so the tail polls in between. With `file`, every 25th
 * piece that ends inside a line waits until nginx has answered a poll reaching that end, so the
 * tail is sure to have been handed half lines; returns how many times it did.
 */
async function writeTorn(fd: number, text: string, file?: string): Promise<number> {
  let halves = 0;
  for (let at = 0, n = 0; at < text.length; n++) {
    const size = 1 + ((at * 7919 + n * 104_729) % 3000);
    const piece = text.slice(at, at + size);
    writeSync(fd, piece);
    at += size;
    if (file && n % 25 === 0 && !piece.endsWith('\n')) {
      const end = statSync(served(file)).size - 1;
      await waitFor(() => server().requestsFor(file).some((r) => r.contentRange?.end === end), `a poll of ${file} up to byte ${end}`);
      halves++;
    } else if (n % 4 === 3) {
      await sleep(1);
    }
  }
  return halves;
}

// ───────────────────────────── the behaviours ─────────────────────────────

describe('following a log nginx serves', () => {
  it('shows thousands of lines appended quickly, in torn writes, in order with none missing and none twice', async () => {
    writeLog('quick.log', '');
    // Small requests, so catching up is many full chunks, each followed at once by the next.
    const tail = follow('quick.log', { maxChunkBytes: 16 * 1024 });
    await waitFor(() => tail.state() === 'live', 'the tail to find the empty log');
    const fd = openLog('quick.log');
    let halves = 0;
    try {
      halves = await writeTorn(fd, numbered(1, 20_000), 'quick.log');
    } finally {
      closeSync(fd);
    }
    await waitFor(() => numbers(tail.texts()).at(-1) === 20_000, 'line 20000', 15_000);
    expect(numbers(tail.texts())).toEqual(range(1, 20_000));
    expect(tail.texts()).toHaveLength(20_000);
    expect(tail.errors).toEqual([]);
    expect(tail.torn).toBe(0);
    // nginx really did hand out half lines (answers that reached the end of the file as it was
    // then, and that end was inside a line), and none of them showed.
    const content = readFileSync(served('quick.log'));
    const torn = server()
      .requestsFor('quick.log')
      .filter(({ status, contentRange: cr }) => status === 206 && cr !== null && cr.end === cr.size - 1 && content[cr.end] !== 0x0a);
    expect(halves).toBeGreaterThan(10);
    expect(torn.length).toBeGreaterThanOrEqual(halves);
  });

  it('holds back a torn last line until it is completed', async () => {
    writeLog('torn.log', 'line 1 done\nline 2 half');
    const tail = follow('torn.log');
    await waitFor(() => tail.lines().length === 1, 'line 1');
    const polls = server().requestsFor('torn.log').length;
    await waitFor(() => server().requestsFor('torn.log').length >= polls + 3, 'three more polls');
    // nginx served the half line each time; it is not shown as a line of its own.
    expect(server().requestsFor('torn.log').at(-1)).toMatchObject({ status: 206, contentRange: { size: 23 } });
    expect(tail.texts()).toEqual(['line 1 done']);
    appendFileSync(served('torn.log'), ' written\n');
    await waitFor(() => tail.lines().length === 2, 'line 2');
    expect(tail.texts()).toEqual(['line 1 done', 'line 2 half written']);
    expect(tail.errors).toEqual([]);
  });

  it('loses nothing when the log is moved aside and the app writes to the old file before reopening', async () => {
    const app = { fd: openLog('rot.log') };
    try {
      const tail = follow('rot.log');
      await waitFor(() => tail.state() === 'live', 'the tail to find the empty log');
      await writeTorn(app.fd, numbered(1, 2_000));
      await waitFor(() => numbers(tail.texts()).at(-1) === 2_000, 'line 2000');

      // logrotate: mv rot.log rot.log.1; the app has not been told yet and writes on through its fd.
      renameSync(served('rot.log'), served('rot.log.1'));
      await writeTorn(app.fd, numbered(2_001, 2_500));
      await waitFor(() => server().requestsFor('rot.log').some((r) => r.status === 404), 'the tail to find rot.log gone');
      await waitFor(() => numbers(tail.texts()).at(-1) === 2_500, 'late line 2500, from rot.log.1');

      // logrotate `create`: a new, empty rot.log; the app still writes to the old file.
      writeLog('rot.log', '');
      const seenNew = server().requestsFor('rot.log').length;
      await waitFor(() => server().requestsFor('rot.log').length > seenNew, 'the tail to see the new rot.log');
      await writeTorn(app.fd, numbered(2_501, 3_000));
      await waitFor(() => numbers(tail.texts()).at(-1) === 3_000, 'late line 3000, from rot.log.1');

      // The app reopens (postrotate HUP) and goes on in the new file.
      closeSync(app.fd);
      app.fd = -1;
      app.fd = openLog('rot.log');
      await writeTorn(app.fd, numbered(3_001, 5_000));
      await waitFor(() => numbers(tail.texts()).at(-1) === 5_000, 'line 5000, from the new rot.log');

      expect(numbers(tail.texts())).toEqual(range(1, 5_000));
      expect(tail.texts()).toHaveLength(5_000);
      expect(tail.errors).toEqual([]);
      expect(server().requestsFor('rot.log.1').filter((r) => r.status === 206).length).toBeGreaterThan(0);
    } finally {
      if (app.fd >= 0) closeSync(app.fd);
    }
  });

  it('notices the log replaced by a larger file and says lines may be missing, instead of mixing the two', async () => {
    writeLog('swap.log', numbered(1, 100));
    const oldSize = statSync(served('swap.log')).size;
    const tail = follow('swap.log');
    await waitFor(() => numbers(tail.texts()).at(-1) === 100, 'line 100');
    // Larger than what was read: neither the size nor a 416 can give the replacement away.
    writeLog('swap.next', numbered(1, 3_000, 'new'));
    renameSync(served('swap.next'), served('swap.log'));
    const newSize = statSync(served('swap.log')).size;
    await waitFor(() => numbers(tail.texts(), 'new').at(-1) === 3_000, 'new line 3000');

    expect(numbers(tail.texts(), 'new')).toEqual(range(1, 3_000));
    expect(numbers(tail.texts())).toEqual(range(1, 100));
    expect(tail.texts()).toHaveLength(3_100);
    expect(tail.torn).toBe(0);
    // One explicit gap row between the two files' lines: what the old file got after the last
    // read cannot be shown, and the user is told so.
    expect(tail.gaps).toEqual([{ from: expect.any(Number), until: expect.any(Number), reason: 'swap.log was replaced and swap.log.1 is not there' }]);
    const rows = tail.lines();
    const gapAt = rows.findIndex((row) => row.gap !== null);
    expect([rows[gapAt - 1]!.text, rows[gapAt + 1]!.text]).toEqual([expect.stringMatching(/^line 100 /), expect.stringMatching(/^new 1 /)]);
    // nginx answered the poll that found out with an ordinary 206 of the new file, from 64 bytes
    // before the old end: only the overlap bytes told the files apart.
    expect(server().requestsFor('swap.log')).toContainEqual(
      expect.objectContaining({ status: 206, contentRange: expect.objectContaining({ start: oldSize - 64, size: newSize }) }),
    );
  });

  it('says so when nginx goes away, and resumes at the same byte when it is back, with nothing missing or doubled', async () => {
    writeLog('restart.log', numbered(1, 100));
    const sizeBefore = statSync(served('restart.log')).size;
    const tail = follow('restart.log');
    await waitFor(() => numbers(tail.texts()).at(-1) === 100, 'line 100');
    const workersBefore = new Set(server().requests().map((r) => r.worker));

    await server().stop();
    expect(await server().status()).toBe('not running');
    appendFileSync(served('restart.log'), numbered(101, 150));
    await waitFor(() => tail.errors.length > 0, 'the outage to be reported');
    expect(tail.errors[0]).toBeInstanceOf(BackendUnavailableError);
    // Refused, as a rule; reset when a poll was under way as nginx went down.
    expect(tail.errors[0]!.message).toMatch(
      /^web-1 restart\.log at http:\/\/127\.0\.0\.1:\d+\/logs\/restart\.log (refused the connection \(is it running\?\)|could not be reached \(ECONNRESET\))\. Retrying in 1 s from where it stopped\.$/,
    );
    appendFileSync(served('restart.log'), numbered(151, 200));

    await server().start(); // same state dir, same port
    await waitFor(() => numbers(tail.texts()).at(-1) === 200, 'line 200', 20_000);
    expect(numbers(tail.texts())).toEqual(range(1, 200));
    const states = tail.statuses.map((status) => status.state).filter((state, i, all) => state !== all[i - 1]);
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(tail.errors.every((error) => error instanceof BackendUnavailableError)).toBe(true);
    expect(tail.gaps).toEqual([]);
    // The first question to the new nginx was for the bytes after those already shown (with the
    // 64 bytes of overlap before them), not the recent past again.
    const resumed = server()
      .requestsFor('restart.log')
      .find((r) => !workersBefore.has(r.worker));
    expect(resumed).toMatchObject({ method: 'GET', status: 206, contentRange: { start: sizeBefore - 64 } });
    expect(resumed?.range).toMatch(new RegExp(`^bytes=${sizeBefore - 64}-\\d+$`));
  }, 30_000);
});

describe('testing the connection to a log nginx serves', () => {
  it('says how large the log is and when it was last written', async () => {
    writeLog('size.log', 'x'.repeat(1_234_567));
    const written = Date.UTC(2026, 10, 23, 14, 3, 10);
    utimesSync(served('size.log'), written / 1000, written / 1000);
    const log = source('size.log', { now: () => written + 3_000 });
    await expect(log.check(AbortSignal.timeout(5_000))).resolves.toBe('size.log: 1.2 MB, last written 3 s ago.');
  });

  it('says when there is no log at that address', async () => {
    await expect(source('nosuch.log').check(AbortSignal.timeout(5_000))).rejects.toThrow(
      /^web-1 nosuch\.log: there is no nosuch\.log at http:\/\/127\.0\.0\.1:\d+\/logs\/nosuch\.log \(404\)\. Check the path in the URL\.$/,
    );
  });
});

describe('a log host that answers with an error page', () => {
  it("says what nginx said in a few words of text: its 502 page without markup, not a dump of the body's bytes", async () => {
    // nginx in front of a log server that is gone (see nginx-backend.sh): its own HTML page.
    const base = `${server().url}/upstream-down`;
    const tail = follow('app.log', { base });
    await waitFor(() => tail.errors.length > 0, 'the failure to be reported');
    const answered = () => server().requests().filter((r) => r.uri === '/upstream-down/logs/app.log');
    await waitFor(() => answered().length > 0, 'nginx to log the request');
    expect(answered()[0]).toMatchObject({ method: 'GET', status: 502 });
    const where = String.raw`web-1 app\.log at http://127\.0\.0\.1:\d+/upstream-down/logs/app\.log`;
    expect(tail.errors[0]!.message).toMatch(new RegExp(String.raw`^${where} answered 502: Bad Gateway nginx\. Retrying in 1 s from where it stopped\.$`));
    // "Test connection" asks with HEAD: there is no page, so the status line says it.
    await expect(source('app.log', { base }).check(AbortSignal.timeout(5_000))).rejects.toThrow(new RegExp(`^${where} answered 502: Bad Gateway\\.$`));
  });
});

describe('what the log host is asked', () => {
  it('is only ever GET or HEAD', async () => {
    // After every test above (Vitest runs them in order); this one adds a HEAD and GETs of its own.
    writeLog('last.log', numbered(1, 3));
    await source('last.log').check(AbortSignal.timeout(5_000));
    const tail = follow('last.log');
    await waitFor(() => tail.lines().length === 3, 'three lines');
    tail.stop();
    const methods = server()
      .requests()
      .filter((r) => r.uri.startsWith('/logs/'))
      .map((r) => r.method);
    expect(methods.length).toBeGreaterThan(0);
    // Both appear, so the access log does record the method; nothing else does.
    expect(new Set(methods)).toEqual(new Set(['GET', 'HEAD']));
  });
});
