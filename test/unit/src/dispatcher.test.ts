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

  it('answers 200,000 invalid panels, targets or tags with one short invalid_input, not a stack overflow or megabytes of reasons', async () => {
    const dispatch = createDispatcher(handlersWith({}), quietLogger());
    const many = Array.from({ length: 200_000 }, (_, i) => i);
    const inputs: [string, unknown][] = [
      ['dashboards.save', { dashboard: { id: 'wall', title: 'Wall', panels: many } }],
      ['dashboards.save', { dashboard: { id: 'wall', title: 'Wall', panels: [{ title: 'All', targets: many }] } }],
      ['backends.test', { definition: { id: 'd', kind: 'deploys', type: 'graphite-events', graphite: 'g', tags: many } }],
      ['settings.update', { pinnedFlags: many }],
    ];
    for (const [name, input] of inputs) {
      const result = await dispatch(name, input);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.stringify(result).length, name).toBeLessThan(10_000);
    }
  });

  it('names the first 20 problems and says how many more there are; each one is kept short', async () => {
    const dispatch = createDispatcher(handlersWith({}), quietLogger());
    const junk = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`field${i}`, i]));
    const result = await dispatch('settings.update', { ...junk, rangeMinutes: 'an hour' });
    if (result.ok) throw new Error('accepted junk');
    expect(result.error.issues).toHaveLength(2);
    expect(result.error.issues!.every((issue) => issue.message.length <= 300)).toBe(true);
    expect(result.error.message.length).toBeLessThan(1_000);

    const panels = Array.from({ length: 30 }, () => ({ title: '', targets: [] }));
    const many = await dispatch('dashboards.save', { dashboard: { id: 'wall', title: 'Wall', panels } });
    if (many.ok) throw new Error('accepted empty panels');
    expect(many.error.issues).toHaveLength(20);
    expect(many.error.message).toMatch(/\(and 40 more problems\)\.$/);
  });

  it('refuses input that cannot even be read, instead of failing the host', async () => {
    const dispatch = createDispatcher(handlersWith({}), quietLogger());
    const hostile = {
      key: 'search',
      get reason(): string {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    expect(await dispatch('flags.flip', hostile)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/too large or too deeply nested/) } });
  });

  it('quotes an unknown name short, whatever was sent as a name', async () => {
    const dispatch = createDispatcher(handlersWith({}), quietLogger());
    for (const name of ['x'.repeat(1_000_000), null, 42, ['app.info'], { name: 'app.info' }, '__proto__', 'constructor', 'toString']) {
      const result = await dispatch(name, {});
      expect(result, JSON.stringify(name).slice(0, 20)).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
      if (!result.ok) expect(result.error.message.length).toBeLessThan(300);
    }
  });
});

