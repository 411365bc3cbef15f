// The contract's boundary under fire: 1,200 generated malformed requests (one seed, so every run
// sends the same ones), straight to the dispatcher and through browser mode's real HTTP host
// after sign-in, plus bodies that are not requests at all and valid requests with pathological
// patterns. Every one must get a clear answer; the host must stay up and give its memory back.
// global.gc comes from the node project's execArgv (test/vitest.config.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ResultEnvelope } from '../../src/contract/api-error';
import { isRequestName, requestNames, requests } from '../../src/contract/requests';
import { startHttpHost } from '../../src/host/http-host';
import type { HttpHost } from '../../src/host/http-host';
import { startTestCore } from '../support/core-fixture';
import { malformedRequests, pathologicalPatterns, rawBodies, validInputs } from './fuzz-requests';
import type { FuzzRequest } from './fuzz-requests';

const SEED = 20_261_206;
const COUNT = 1_200;
/** Browser mode refuses a larger body with 413 before the contract sees it. */
const MAX_BODY_BYTES = 1 << 20;
/** No refusal may be long: the first 20 problems, each cut short. */
const MAX_ANSWER_CHARS = 16_000;
const HEAP_BOUND_BYTES = 20 * 1024 * 1024;

let running: Awaited<ReturnType<typeof startTestCore>>;
let host: HttpHost;
let staticDir: string;
let origin: string;
let cookie: string;
let heapAtStart = 0;

beforeAll(async () => {
  running = await startTestCore();
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'ops-static-'));
  host = await startHttpHost({ dispatch: running.core.dispatch, events: running.core.events, logger: running.logger, staticDir });
  origin = `http://127.0.0.1:${host.port}`;
  const signIn = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ token: host.token }) });
  cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  // The first requests compile schemas and code paths that stay: they belong to the start, not to a leak.
  for (const request of malformedRequests(SEED + 1, 100)) {
    await running.core.dispatch(request.name, request.input);
    await post(bodyOf(request));
  }
  heapAtStart = await settledHeap();
}, 120_000);

afterAll(async () => {
  await host?.close();
  await running?.stop();
  if (staticDir) rmSync(staticDir, { recursive: true, force: true });
});

/** heapUsed once garbage collection has nothing more to free. */
async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('global.gc is missing: run this file with node --expose-gc (the node project of test/vitest.config.ts passes it)');
  for (let i = 0; i < 4; i++) {
    gc();
    await nextTurn(); // let finalizers and closed sockets' callbacks run between collections
  }
  return process.memoryUsage().heapUsed;
}

function bodyOf(request: FuzzRequest): string {
  return JSON.stringify({ name: request.name, input: request.input });
}

/**
 * POST /api/request as the signed-in page does, each on a connection of its own. A pooled
 * connection would race with the host's keep-alive timer: both run on this one busy event loop,
 * and a request written just as the timer closes the connection is reset.
 */
function post(body: string | Buffer, signal?: AbortSignal): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie };
    const req = httpRequest({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/request', headers, agent: false, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What is wrong with an answer that should be a refusal with `code`, or null when it is one. */
function problemWith(answer: unknown, code: string): string | null {
  const envelope = ResultEnvelope.safeParse(answer);
  if (!envelope.success) return `not a result envelope: ${JSON.stringify(answer)?.slice(0, 200)}`;
  if (envelope.data.ok) return 'accepted';
  if (envelope.data.error.code !== code) return `${envelope.data.error.code} instead of ${code}: ${envelope.data.error.message.slice(0, 200)}`;
  const size = JSON.stringify(answer).length;
  return size > MAX_ANSWER_CHARS ? `an answer of ${size} characters` : null;
}

/** What is wrong with an HTTP answer: a status other than `status`, a body that is not a JSON refusal with `code`. */
function httpProblem(answer: { status: number; type: string; text: string }, status: number, code: string): string | null {
  if (answer.status !== status) return `HTTP ${answer.status} instead of ${status}: ${answer.text.slice(0, 200) || '(empty body)'}`;
  if (!answer.type.startsWith('application/json')) return `Content-Type ${answer.type}`;
  try {
    return problemWith(JSON.parse(answer.text), code);
  } catch {
    return `a body that is not JSON: ${answer.text.slice(0, 200)}`;
  }
}

const report = (problems: string[]) => problems.slice(0, 15);

describe('the contract under 1,200 generated malformed requests', () => {
  it('breaks a valid example of each request: the examples are valid', () => {
    for (const name of requestNames) {
      for (const input of validInputs[name]) expect(requests[name].input.safeParse(input).error?.issues ?? [], name).toEqual([]);
    }
  });

  it('the dispatcher refuses every one with invalid_input or unknown_request, in a short answer; every request is among them', async () => {
    const problems: string[] = [];
    const named = new Set<string>();
    let sent = 0;
    for (const request of malformedRequests(SEED, COUNT)) {
      sent++;
      if (isRequestName(request.name)) named.add(request.name);
      const problem = problemWith(await running.core.dispatch(request.name, request.input), request.expected);
      if (problem) problems.push(`${request.label}: ${problem}`);
    }
    expect(sent).toBe(COUNT);
    expect(report(problems)).toEqual([]);
    expect([...named].sort()).toEqual([...requestNames].sort());
  }, 120_000);

  it('browser mode answers every one over HTTP with a JSON refusal (413 past 1 MB), never a 500 or an empty body', async () => {
    const problems: string[] = [];
    for (const request of malformedRequests(SEED, COUNT)) {
      const body = bodyOf(request);
      const status = Buffer.byteLength(body) > MAX_BODY_BYTES ? 413 : 200;
      const problem = await post(body).then((answer) => httpProblem(answer, status, request.expected), (error: Error) => `no answer: ${error.message} (${String(error.cause)})`);
      if (problem) problems.push(`${request.label}: ${problem}`);
    }
    expect(report(problems)).toEqual([]);
  }, 180_000);

  it('browser mode refuses bodies that are not a request (truncated, NaN, 100,000 levels deep, 8 MB) the same way', async () => {
    const problems: string[] = [];
    for (const raw of rawBodies()) {
      const problem = httpProblem(await post(raw.body), raw.status, raw.expected);
      if (problem) problems.push(`${raw.label}: ${problem}`);
    }
    expect(report(problems)).toEqual([]);
  }, 60_000);

  it('gives a valid request with a pathological regex or glob a clear answer (results or an error code) in time', async () => {
    const sources = (await running.core.dispatch('logs.sources', {})) as { ok: true; value: { source: { id: string } }[] };
    const sourceIds = sources.value.map((entry) => entry.source.id);
    const problems: string[] = [];
    for (const pattern of pathologicalPatterns) {
      // Generous: a loaded machine may be slow; what must not happen is no answer at all.
      const answer = await post(JSON.stringify({ name: pattern.name, input: pattern.input(sourceIds) }), AbortSignal.timeout(60_000));
      const envelope = answer.status === 200 ? ResultEnvelope.safeParse(JSON.parse(answer.text)) : null;
      if (!envelope?.success) problems.push(`${pattern.label}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    expect(report(problems)).toEqual([]);
  }, 300_000);

  it('leaves the host answering, Object.prototype untouched, and the heap after a GC within 20 MB of where it started', async () => {
    const info = JSON.parse((await post(JSON.stringify({ name: 'app.info', input: {} }))).text) as { ok: boolean; value: { name: string } };
    expect(info).toMatchObject({ ok: true, value: { name: 'Ops Console' } });
    const probe = {} as Record<string, unknown>;
    expect([probe.polluted, probe.role, probe.name]).toEqual([undefined, undefined, undefined]);
    // Nothing the fuzz did was an error worth a stack in the log.
    expect(running.logLines.filter((line) => line.includes('"level":"error"')).map((line) => line.slice(0, 300))).toEqual([]);
    const growth = (await settledHeap()) - heapAtStart;
    expect(growth, `the heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB`).toBeLessThan(HEAP_BOUND_BYTES);
  }, 60_000);
});
