import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import type { AxiosInstance } from 'axios';

import type { LogFollower } from '../../backends/backend-set';
import { BackendUnavailableError, describeError } from '../../errors';
import { followStatus } from '../follow-status';
import { cursorTime } from './journal-cursor';
import type { JournalMatch } from './journal-match';
import { readJournalInto } from './journal-reader';
import type { JournalReader } from './journal-reader';
import { QuietWatch } from './quiet-watch';

export interface GatewayFollowOptions {
  client: AxiosInstance;
  /** What a person calls the gateway, for messages. */
  name: string;
  match: JournalMatch;
  /** The host of entries without `_HOSTNAME`. */
  host: string;
  initialEntries: number;
  /** A stream quiet this long is asked again from its cursor (QuietWatch says why). */
  quietMs: number;
  /** How long the gateway may take to answer a request. */
  answerMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
  now: () => number;
}

/** gatewayd's query for the match: one `FIELD=value` a name; the same field twice is either one. */
export function gatewayQuery(match: JournalMatch): string {
  const query = new URLSearchParams();
  for (const unit of match.units) query.append('_SYSTEMD_UNIT', unit);
  for (const identifier of match.identifiers) query.append('SYSLOG_IDENTIFIER', identifier);
  return query.toString();
}

/**
 * Follows a journal served by systemd-journal-gatewayd: `GET /entries?follow` as JSON lines, the
 * latest entries first, then from the cursor of the last entry shown after every reconnect
 * (`Range: entries=<cursor>` sends that entry again, and the reader drops it: when the cursor is
 * the newest entry, even `<cursor>:1:` sends it, so skipping is not the way). Returns the stop.
 */
export function startGatewayFollow(options: GatewayFollowOptions, follower: LogFollower): () => void {
  const { client, now } = options;
  const controller = new AbortController();
  const status = followStatus(follower, now);
  const query = gatewayQuery(options.match);
  const path = `/entries?follow${query ? `&${query}` : ''}`;
  let cursor: string | null = null;

  /** One request, read until it ends; 'quiet' when it was ended for being quiet too long. */
  const streamOnce = async (): Promise<'quiet' | 'ended'> => {
    const attempt = new AbortController();
    const stop = () => attempt.abort();
    controller.signal.addEventListener('abort', stop);
    let unanswered = false;
    const answer = setTimeout(() => {
      unanswered = true;
      stop();
    }, options.answerMs);
    try {
      // `:-N:` from the end gives N+1 entries (gatewayd 252), and `:-0:` would start at the first entry.
      const range = cursor === null ? `entries=:-${Math.max(1, options.initialEntries - 1)}:` : `entries=${cursor}`;
      const response = await client
        .get<Readable>(path, { headers: { Accept: 'application/json', Range: range }, responseType: 'stream', timeout: 0, validateStatus: () => true, signal: attempt.signal })
        .catch((error: unknown) => {
          throw unanswered ? new BackendUnavailableError(`${options.name} did not answer within ${options.answerMs / 1000} s.`) : error;
        });
      clearTimeout(answer);
      if (response.status !== 200) throw new BackendUnavailableError(`${options.name} answered ${response.status} to ${path}: ${await shortText(response.data)}`);
      status.live();
      return await readStream(response.data, readJournalInto(follower, cursor, options.host));
    } finally {
      clearTimeout(answer);
      controller.signal.removeEventListener('abort', stop);
    }
  };

  /** Hands the body to the reader until it ends, breaks, or stays quiet for `quietMs`. */
  const readStream = (body: Readable, reader: JournalReader) =>
    new Promise<'quiet' | 'ended'>((resolve, reject) => {
      const quiet = new QuietWatch(options.quietMs, () => body.destroy());
      const stopped = () => quiet.fired || controller.signal.aborted;
      body.on('data', (data: Buffer) => {
        quiet.poke();
        reader.push(data);
        cursor = reader.cursor;
      });
      body.once('close', () => {
        quiet.stop();
        resolve(stopped() ? 'quiet' : 'ended');
      });
      body.once('error', (error) => {
        quiet.stop();
        if (stopped()) resolve('quiet');
        else reject(new BackendUnavailableError(`${options.name}: the stream broke off (${error.message}).`, { cause: error }));
      });
    });

  const run = async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      let delay = 0;
      try {
        if ((await streamOnce()) === 'ended') throw new BackendUnavailableError(`${options.name} ended the stream.`);
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) break;
        failures++;
        delay = Math.min(options.maxRetryMs, options.firstRetryMs * 2 ** (failures - 1));
        const where = cursor === null ? `from the latest ${options.initialEntries} entries` : `after the entry of ${new Date(cursorTime(cursor)).toISOString()}`;
        const message = `${describeError(error)} Reconnecting in ${(delay / 1000).toFixed(1)} s, ${where}.`;
        status.failed(message);
        follower.onError(new BackendUnavailableError(message, { cause: error }));
      }
      if (delay > 0) await sleep(delay, undefined, { signal: controller.signal }).catch(() => undefined);
    }
    follower.onStatus({ state: 'stopped', since: now(), message: null, hostKeyFingerprint: null });
  };
  void run();
  return () => controller.abort();
}

/** The first few hundred characters of an error answer's body. */
async function shortText(body: Readable): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += String(chunk);
    if (text.length > 300) break;
  }
  body.destroy();
  return text.trim().slice(0, 300) || 'no reason given';
}
