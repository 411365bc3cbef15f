import { createServer } from 'node:http';

import { afterEach, describe, expect, it } from 'vitest';

import { listenOnLoopback } from '../../../../src/loopback-server';
import { KILL_SWITCH, startFlagWorld } from '../service/flag-test-world';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A chat service's incoming webhook on loopback: keeps each post, or answers 500 while `failing` (with `errorPage` of the path posted to). */
async function chatWebhook() {
  const posts: { path: string; body: { text: string } }[] = [];
  const state = { failing: false, errorPage: (_path: string) => 'boom' };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (state.failing) return void response.writeHead(500).end(state.errorPage(request.url ?? ''));
      posts.push({ path: request.url ?? '', body: JSON.parse(body) as { text: string } });
      response.writeHead(200).end('ok');
    });
  });
  const listening = await listenOnLoopback(server);
  cleanups.push(listening.close);
  return { url: `${listening.url}/services/T000/B000/s3cr3t-hook-token`, posts, state };
}

async function worldWithWebhook() {
  const w = await startFlagWorld({
    config: { status: { path: '/etc/ops-console/config.yaml', state: 'absent', error: null }, backends: [], dashboards: [], flipWebhook: { urlSecret: 'chat.flip-webhook' } },
  });
  cleanups.push(w.stop);
  return w;
}

describe('announcing flips to a Slack-compatible webhook', () => {
  it('posts who flipped what, before → after, and why, to the URL kept in the secret store', async () => {
    const chat = await chatWebhook();
    const w = await worldWithWebhook();
    await w.client.request('secrets.set', { name: 'chat.flip-webhook', value: chat.url });
    const input = await w.flipInput(KILL_SWITCH, 'search cluster overloaded');
    const change = await w.client.request('flags.flip', input);
    await expect.poll(() => chat.posts.length).toBe(1);
    expect(chat.posts[0]!.path).toBe('/services/T000/B000/s3cr3t-hook-token');
    expect(chat.posts[0]!.body.text).toBe(`${change.by} flipped \`${KILL_SWITCH}\` in production: ${input.expected.enabled ? 'on for everyone → off' : 'off → on for everyone'}. Why: search cluster overloaded`);
  });

  it('never fails a flip when the chat service is down, and logs why without the secret URL', async () => {
    const chat = await chatWebhook();
    chat.state.failing = true;
    const w = await worldWithWebhook();
    await w.client.request('secrets.set', { name: 'chat.flip-webhook', value: chat.url });
    const input = await w.flipInput(KILL_SWITCH);
    expect((await w.client.request('flags.flip', input)).after).toEqual(input.to);
    await expect.poll(() => w.logLines.some((line) => line.includes('flip.webhook_failed'))).toBe(true);
    expect(w.logLines.join('\n')).not.toContain('s3cr3t-hook-token');
  });

  it("logs why without the parts of the secret URL that the chat service's error page quotes", async () => {
    const chat = await chatWebhook();
    chat.state.failing = true;
    // As Rocket.Chat or a proxy answers an unknown hook: the path, and the token on its own.
    chat.state.errorPage = (path) => `<html><body><h1>No such hook</h1><p>POST ${path}: token ${path.split('/').pop()} is not valid</p></body></html>`;
    const w = await worldWithWebhook();
    await w.client.request('secrets.set', { name: 'chat.flip-webhook', value: chat.url });
    await w.client.request('flags.flip', await w.flipInput(KILL_SWITCH));
    await expect.poll(() => w.logLines.find((line) => line.includes('flip.webhook_failed'))).toBeDefined();
    const logged = w.logLines.find((line) => line.includes('flip.webhook_failed'))!;
    // What the page said is still there to read, the secret parts masked.
    expect(logged).toContain('No such hook POST [redacted]: token [redacted] is not valid');
    expect(w.logLines.join('\n')).not.toMatch(/s3cr3t|\/services\/T000/);
  });
});
