import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { createMemorySettingsStore } from '../../../../src/config/settings';
import type { FlagChange } from '../../../../src/contract/wire-types';
import { flagWorldPerTest, KILL_SWITCH } from './flag-test-world';

const world = flagWorldPerTest();

describe('flipping a flag through the core', () => {
  it('confirms with the re-read state, announces it, draws a flip marker with before → after and why, and records it on disk first', async () => {
    const w = await world();
    const input = await w.flipInput(KILL_SWITCH);
    const change = await w.client.request('flags.flip', input);
    expect(change).toMatchObject({ key: KILL_SWITCH, environment: 'production', before: input.expected, after: input.to, reason: input.reason, via: 'console' });
    expect(await w.setting(KILL_SWITCH)).toEqual(input.to);
    expect(w.events('flags.changed')).toEqual([{ change }]);
    const [marker] = w.events('markers.added').flatMap((p) => p.markers);
    expect(marker).toMatchObject({ kind: 'flip', who: change.by, tags: ['flag', KILL_SWITCH, 'production'] });
    expect(marker!.what).toBe(`flag ${KILL_SWITCH} ${input.expected.enabled ? 'on for everyone → off' : 'off → on for everyone'} in production: search cluster overloaded`);

    const { entries, file } = await w.client.request('audit.list', { limit: 10 });
    expect(file.startsWith(w.stateDir)).toBe(true);
    expect(entries[0]).toMatchObject({ outcome: 'confirmed', who: change.by, key: KILL_SWITCH, before: input.expected, requested: input.to, after: input.to, reason: input.reason });
    // On disk before the answer came back: read the file as a person would.
    expect(readFileSync(file, 'utf8')).toContain(entries[0]!.id);
  });

  it('publishes the flip to Graphite, and reads it back as the same marker the graphs drew live', async () => {
    const w = await world();
    const change: FlagChange = await w.client.request('flags.flip', await w.flipInput(KILL_SWITCH));
    await expect.poll(async () => (await w.audit())[0]!.publish?.state).toBe('sent');
    const live = w.events('markers.added')[0]!.markers[0]!;
    const read = await w.client.request('markers.list', { from: change.at - 60_000, until: change.at + 60_000 });
    expect(read.filter((m) => m.kind === 'flip' && m.tags.includes(KILL_SWITCH))).toEqual([{ ...live, at: Math.floor(live.at / 1000) * 1000 }]);
  });

  it('refuses a viewer in the core itself: nothing is written, and the refusal is recorded', async () => {
    const w = await world({ settingsStore: createMemorySettingsStore({ role: 'viewer' }) });
    const input = await w.flipInput(KILL_SWITCH);
    const error = await w.flipRefusal(input);
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/read-only.*Settings/);
    expect(await w.setting(KILL_SWITCH)).toEqual(input.expected);
    expect(w.events('flags.changed')).toEqual([]);
    expect((await w.audit())[0]).toMatchObject({ outcome: 'refused', after: null, publish: null, message: error.message });
  });

  it("takes a config file's role: viewer over the settings, and says where it came from", async () => {
    const w = await world({
      settingsStore: createMemorySettingsStore({ role: 'operator' }),
      config: { status: { path: '/etc/ops-console/config.yaml', state: 'absent', error: null }, backends: [], dashboards: [], role: 'viewer' },
    });
    expect(await w.client.request('app.info', {})).toMatchObject({ role: 'viewer', roleSource: 'config' });
    const error = await w.flipRefusal(await w.flipInput(KILL_SWITCH));
    expect([error.code, error.message]).toEqual(['forbidden', expect.stringMatching(/config file sets role: viewer/)]);
  });

  it('shows a change made by someone else since the user loaded the flag, and overwrites nothing', async () => {
    const w = await world();
    const stale = await w.flipInput(KILL_SWITCH);
    // Someone else flips it first (another window of this console, or Unleash's own UI).
    await w.client.request('flags.flip', { ...stale, reason: 'someone else' });
    const seenBefore = w.events('flags.changed').length;
    const error = await w.flipRefusal({ ...stale, reason: 'search is melting' });
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/changed by .+ since you loaded it; it is now (on for everyone|off)\. Nothing was written/);
    expect(await w.setting(KILL_SWITCH)).toEqual(stale.to);
    expect(w.events('flags.changed')).toHaveLength(seenBefore);
    expect((await w.audit())[0]).toMatchObject({ outcome: 'conflict', after: stale.to, publish: null });
  });

  it('writes once when the same flip is sent twice at the same moment (a double click, two windows)', async () => {
    const w = await world();
    const input = await w.flipInput(KILL_SWITCH);
    const results = await Promise.allSettled([w.client.request('flags.flip', input), w.client.request('flags.flip', input)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await w.audit()).map((e) => e.outcome).sort()).toEqual(['confirmed', 'conflict']);
    expect(w.events('flags.changed')).toHaveLength(1);
  });

  it('flips different flags side by side (bulk off), one record each', async () => {
    const w = await world();
    const { flags } = await w.client.request('flags.list', {});
    const killSwitches = flags.filter((f) => f.type === 'kill-switch').slice(0, 6).map((f) => f.key);
    const inputs = await Promise.all(killSwitches.map((key) => w.flipInput(key, 'bulk: all search kill switches')));
    const changes = await Promise.all(inputs.map((input) => w.client.request('flags.flip', input)));
    expect(changes.map((c) => c.after)).toEqual(inputs.map((i) => i.to));
    for (const input of inputs) expect(await w.setting(input.key)).toEqual(input.to);
    expect((await w.audit()).map((e) => e.key).sort()).toEqual([...killSwitches].sort());
  });
});
