import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startLogDemoServer } from '../../../../src/demo/log-demo-server';
import type { LogDemoServer } from '../../../../src/demo/log-demo-server';
import { createHttpLogSource } from '../../../../src/logs/http-log-source';
import type { HttpLogSourceDefinition, HttpLogSourceOptions } from '../../../../src/logs/http-log-source';
import { recordFollow } from './follow-recorder';

export interface ServedRequest {
  method: string;
  path: string;
  range: string | undefined;
  status: number;
}

/** A temporary directory served by the demo log server on a free port, restartable on that port. */
export class TailFixture {
  readonly requests: ServedRequest[] = [];
  private stops: (() => void)[] = [];

  private constructor(
    readonly dir: string,
    private server: LogDemoServer | null,
    readonly url: string,
  ) {}

  static async start(): Promise<TailFixture> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-http-tail-'));
    const fixture = new TailFixture(dir, null, '');
    fixture.server = await startLogDemoServer(dir, { onRequest: (r) => fixture.requests.push(r) });
    return Object.assign(fixture, { url: fixture.server.url });
  }

  file(name = 'app.log'): string {
    return path.join(this.dir, name);
  }

  definition(name = 'app.log'): HttpLogSourceDefinition {
    return { id: 'web-1-app', kind: 'logs', type: 'http', url: `${this.url}/${name}`, auth: { type: 'none' }, host: 'web-1', service: 'web', bufferLines: 100_000 };
  }

  source(options: HttpLogSourceOptions = {}) {
    return createHttpLogSource(this.definition(), { reveal: () => undefined }, { pollMs: 20, ...options });
  }

  /** Follows app.log and keeps everything it hears. */
  follow(options: HttpLogSourceOptions = {}) {
    const { record, follower } = recordFollow();
    const stop = this.source(options).follow(follower);
    this.stops.push(stop);
    return { ...record, stop };
  }

  /** How many GETs the server has answered for `name`; a tail polling shows up here. */
  gets(name = 'app.log'): number {
    return this.requests.filter((r) => r.method === 'GET' && r.path === `/${name}`).length;
  }

  async stopServer(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  async restartServer(): Promise<void> {
    const port = Number(new URL(this.url).port);
    this.server = await startLogDemoServer(this.dir, { port, onRequest: (r) => this.requests.push(r) });
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    await this.stopServer();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const PAD = 'x'.repeat(40);

/** `line <n> xxxx…`: numbered lines a test writes itself, so gaps and duplicates show. */
export function numbered(from: number, to: number, prefix = 'line'): string {
  let text = '';
  for (let n = from; n <= to; n++) text += `${prefix} ${n} ${PAD}\n`;
  return text;
}

export function append(file: string, text: string): void {
  appendFileSync(file, text);
}

/** The numbers of the numbered lines, in the order they were shown. */
export function numbers(texts: string[], prefix = 'line'): number[] {
  return texts.flatMap((text) => {
    const match = new RegExp(`^${prefix} (\\d+) `).exec(text);
    return match ? [Number(match[1])] : [];
  });
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
