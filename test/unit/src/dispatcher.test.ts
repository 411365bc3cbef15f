import { describe, expect, it } from 'vitest';

import { createDispatcher } from '../../../src/service/dispatcher';
import type { Handlers } from '../../../src/service/dispatcher';
import { BackendUnavailableError } from '../../../src/errors';
import { createLogger } from '../../../src/log';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides, {
    get: (target, name: string) => target[name as keyof Handlers] ?? (() => Promise.reject(new Error(`unexpected ${name}`))),
  }) as Handlers;
}

const quietLogger = () => {
  const lines: string[] = [];
  return { logger: createLogger((line) => lines.push(line)), lines };
};

describe('dispatcher', () => {
  it('answers an unknown request name with unknown_request', async () => {
    const dispatch = createDispatcher(handlersWith({}), quietLogger());
    const result = await dispatch('flags.explode', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
  });

  it('refuses invalid input with the path of every bad field', async () => {
    const dispatch = createDispatcher(handlersWith({}), quietLogger());
    const off = { enabled: false, audience: 'everyone', rolloutPercent: null };
    const result = await dispatch('flags.flip', { key: 'search', environment: 'production', to: { ...off, enabled: 'yes' }, expected: off, reason: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.issues?.map((i) => i.path).sort()).toEqual(['reason', 'to.enabled']);
    expect(result.error.message).toContain('reason');
  });

  it('stops a handler that overruns its time and says which request timed out', async () => {
    const dispatch = createDispatcher(
      handlersWith({ 'flags.list': () => new Promise(() => {}) }),
      { ...quietLogger(), defaultTimeoutMs: 50 },
    );
    const result = await dispatch('flags.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
    if (!result.ok) expect(result.error.message).toContain('flags.list');
  });

  it('aborts the signal it handed to the handler when time is up', async () => {
    let seen: AbortSignal | undefined;
    const dispatch = createDispatcher(
      handlersWith({ 'flags.list': (_i, { signal }) => ((seen = signal), new Promise(() => {})) }),
      { ...quietLogger(), defaultTimeoutMs: 30 },
    );
    await dispatch('flags.list', {});
    expect(seen?.aborted).toBe(true);
  });

  it('passes an error meant for people through with its code and message', async () => {
    const dispatch = createDispatcher(
      handlersWith({ 'flags.list': () => Promise.reject(new BackendUnavailableError('Unleash at flags.internal did not answer in 5 s')) }),
      quietLogger(),
    );
    expect(await dispatch('flags.list', {})).toEqual({
      ok: false,
      error: { code: 'backend_unavailable', message: 'Unleash at flags.internal did not answer in 5 s' },
    });
  });

  it('hides an unexpected error behind an incident id that is in the log', async () => {
    const { logger, lines } = quietLogger();
    const dispatch = createDispatcher(
      handlersWith({ 'flags.list': () => Promise.reject(new TypeError('cannot read x of undefined')) }),
      { logger },
    );
    const result = await dispatch('flags.list', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).not.toContain('cannot read');
    expect(lines.join('\n')).toContain(result.error.incidentId!);
  });
});
