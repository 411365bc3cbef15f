import { describe, expect, it } from 'vitest';

import { parseConfigText } from '../../../../src/config/config-file';

const graphite = `graphite:
  - id: graphite
    url: https://graphite.internal
    auth: { type: none }
`;

describe("the config file's role", () => {
  it('is absent unless the file sets one, so the setting decides', () => {
    expect(parseConfigText('config.yaml', graphite).role).toBeUndefined();
  });

  it('makes the console read-only with role: viewer', () => {
    const loaded = parseConfigText('config.yaml', `role: viewer\n${graphite}`);
    expect([loaded.status.state, loaded.role]).toEqual(['ok', 'viewer']);
  });

  it('names the line of a role that is neither viewer nor operator, and reads it as viewer until it says which', () => {
    const loaded = parseConfigText('config.yaml', `role: admin\n${graphite}`);
    expect(loaded.status.error).toMatch(/line 1, role: .*"admin" \(taken as viewer: flips stay off\)/);
    expect([loaded.status.state, loaded.role, loaded.backends.map((b) => b.id)]).toEqual(['partial', 'viewer', ['graphite']]);
  });

  it('keeps a console read-only when the file is broken elsewhere', () => {
    const loaded = parseConfigText('config.yaml', `role: viewer\ngraphite:\n  - id: graphite\n`);
    expect([loaded.status.state, loaded.backends, loaded.role]).toEqual(['partial', [], 'viewer']);
  });
});
