import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { defaultConfigPath, loadConfigFile } from '../../../../src/config/config-file';

function configFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ops-config-')), 'config.yaml');
  writeFileSync(file, text);
  return file;
}

const good = `# a minimal real config
graphite:
  - id: graphite
    url: https://graphite.internal
    auth: { type: basic, username: ops, passwordSecret: graphite.password }
deploys:
  - id: deploys
    type: graphite-events
    graphite: graphite
flags:
  - id: unleash
    type: unleash
    url: https://unleash.internal
    tokenSecret: unleash.token
logs:
  - id: web-1-app
    type: http
    url: https://web-1.internal/logs/app.log
    host: web-1
    service: web
dashboards:
  - id: web
    title: Web
    panels:
      - title: Requests/s
        targets: ['sumSeries(web.*.requests)']
`;

describe('the config file', () => {
  it('shipped as examples/config.yaml, the README example, is valid', () => {
    const loaded = loadConfigFile(path.resolve(import.meta.dirname, '../../../../examples/config.yaml'));
    expect(loaded.status).toMatchObject({ state: 'ok', error: null });
    expect(loaded.backends.map((b) => `${b.kind}${'type' in b ? `:${b.type}` : ''}`)).toEqual([
      'graphite',
      'deploys:graphite-events',
      'flags:unleash',
      'logs:http',
      'logs:ssh',
      'logs:ssh-journal',
      'logs:journal-gateway',
    ]);
  });

  it("keeps a dashboard's marker tags and the range and refresh it opens with, and says what is wrong with a half range", () => {
    const withDefaults = `${good}    markerTags: [deploy, web]
    defaults: { rangeMinutes: 360, refreshSeconds: 30 }
  - id: incident
    title: Incident
    defaults: { from: 1795183200000, until: 1795197600000 }
    panels:
      - { title: Errors, targets: ['web.*.errors'], markerTags: [deploy, checkout] }
`;
    const loaded = loadConfigFile(configFile(withDefaults));
    expect(loaded.status.state).toBe('ok');
    expect(loaded.dashboards.map((d) => [d.markerTags, d.defaults, d.panels[0]!.markerTags])).toEqual([
      [['deploy', 'web'], { rangeMinutes: 360, refreshSeconds: 30 }, undefined],
      [undefined, { from: 1795183200000, until: 1795197600000 }, ['deploy', 'checkout']],
    ]);
    const half = loadConfigFile(configFile(`${good}    defaults: { from: 1795183200000 }\n`));
    expect(half.status).toMatchObject({ state: 'invalid', error: expect.stringContaining('a fixed range needs both from and until') });
  });

  it('is looked for in the platform config directory', () => {
    expect(defaultConfigPath({ XDG_CONFIG_HOME: '/home/op/.config' }, 'linux')).toBe('/home/op/.config/ops-console/config.yaml');
  });

  it('being absent is normal: no error, no backends', () => {
    expect(loadConfigFile('/nonexistent/ops-console/config.yaml').status).toEqual({ path: '/nonexistent/ops-console/config.yaml', state: 'absent', error: null });
  });

  it('names every backend it defines, with defaults filled in', () => {
    const loaded = loadConfigFile(configFile(good));
    expect(loaded.status.state).toBe('ok');
    expect(loaded.backends.map((b) => `${b.kind}:${b.id}`)).toEqual(['graphite:graphite', 'deploys:deploys', 'flags:unleash', 'logs:web-1-app']);
    expect(loaded.backends[1]).toMatchObject({ tags: ['deploy'] });
    expect(loaded.dashboards[0]!.panels[0]!.unit).toBe('');
  });

  // Each broken file gets one paragraph: the file, the line, the field, what is expected.
  const broken: [string, string, RegExp[]][] = [
    ['bad YAML', good.replace('    url: https://graphite.internal', '    url: [https://graphite.internal'), [/line \d+/, /not valid YAML/]],
    ['an unknown key', good.replace('    host: web-1', '    hots: web-1'), [/line 19/, /logs\[0\]\.hots: unknown field/]],
    ['a wrong type', good.replace("targets: ['sumSeries(web.*.requests)']", 'targets: 42'), [/line 26/, /dashboards\[0\]\.panels\[0\]\.targets: expected array, got 42/]],
    ['a bad URL', good.replace('https://unleash.internal', 'htp://unleash.internal'), [/line 13/, /flags\[0\]\.url: expected an http:\/\/ or https:\/\/ URL, got "htp:\/\/unleash.internal"/]],
    ['a missing field', good.replace('    tokenSecret: unleash.token\n', ''), [/line 1[01]/, /flags\[0\]\.tokenSecret: missing \(expected string\)/]],
  ];
  for (const [what, text, expectations] of broken) {
    it(`with ${what} is reported in one paragraph and none of its backends are used`, () => {
      const file = configFile(text);
      const loaded = loadConfigFile(file);
      expect(loaded.status.state).toBe('invalid');
      expect(loaded.backends).toEqual([]);
      const error = loaded.status.error!;
      expect(error).toContain(file);
      for (const expected of expectations) expect(error).toMatch(expected);
      expect(error).not.toMatch(/\n|\s{2,}at |ZodError|\{"code"/); // one paragraph, no stack or raw issue dump
    });
  }

  it('a journal’s units are checked like file names, and units and identifiers are not mixed', () => {
    const journal = (match: string) => configFile(`logs:\n  - { id: central, type: journal-gateway, url: 'http://journal.internal:19531', service: checkout, ${match} }\n`);
    expect(loadConfigFile(journal("units: ['checkout.service', 'getty@tty1.service']")).status.state).toBe('ok');
    expect(loadConfigFile(journal("units: ['check*']")).status.error).toMatch(/line 2.*logs\[0\]\.units\[0\]: .*a unit or identifier: letters, digits, _ \. @ : or -/);
    expect(loadConfigFile(journal("units: ['a.service'], identifiers: [b]")).status.error).toMatch(/logs\[0\]\.identifiers: expected units or identifiers, not both/);
  });

  it('refuses a deploy source that names a graphite backend that does not exist', () => {
    const loaded = loadConfigFile(configFile(good.replace('    graphite: graphite\n', '    graphite: grafite\n')));
    expect(loaded.status.error).toMatch(/deploys\[0\]\.graphite: names no graphite backend "grafite" \(defined: graphite\)/);
  });
});

describe('a fleet of log hosts in the config file', () => {
  const fleet = `logs:
  - type: ssh
    service: web
    hosts: [web-1.internal, web-2.internal, { address: 10.0.0.7, port: 2222, host: web-legacy }]
    files: [app, access]
    username: logreader
    auth: { type: key, keySecret: logs.ssh-key }
  - { id: api-1-app, type: http, url: 'https://api-1.internal/logs/app.log', host: api-1, service: api }
`;

  it('one entry with hosts and files stands for a source per host and file, the rest shared', () => {
    const loaded = loadConfigFile(configFile(fleet));
    expect(loaded.status).toMatchObject({ state: 'ok', error: null });
    expect(loaded.backends.map((b) => b.id)).toEqual(['web-1-app', 'web-1-access', 'web-2-app', 'web-2-access', 'web-legacy-app', 'web-legacy-access', 'api-1-app']);
    expect(loaded.backends[4]).toMatchObject({ kind: 'logs', type: 'ssh', host: 'web-legacy', address: '10.0.0.7', port: 2222, file: 'app', service: 'web', username: 'logreader', auth: { type: 'key', keySecret: 'logs.ssh-key' } });
    expect(loaded.backends[0]).toMatchObject({ host: 'web-1', address: 'web-1.internal', port: 22, bufferLines: 100_000 });
  });

  const brokenFleets: [string, string, RegExp][] = [
    ['a shared field wrong', fleet.replace('username: logreader', 'username: Log Reader'), /^line 6, logs\[0\]\.username: expected a Unix user name, got "Log Reader"\.$/],
    ['a bad host', fleet.replace('web-2.internal', "'web 2'"), /line 4, logs\[0\]\.hosts\[1\]/],
    ['a file name with a path', fleet.replace('files: [app, access]', 'files: [app, ../secrets]'), /line 5, logs\[0\]\.files\[1\]: .*a log name/],
    ['an id of its own', fleet.replace('    service: web\n', '    service: web\n    id: web\n'), /logs\[0\]\.id: must not be set in an entry with hosts: each log's id is <host>-<file>/],
    ['an entry after it broken', fleet.replace('host: api-1,', 'hots: api-1,'), /line 8, logs\[1\]\.hots: unknown field/],
  ];
  for (const [what, text, expected] of brokenFleets) {
    it(`with ${what} says where it is in the file, once`, () => {
      const loaded = loadConfigFile(configFile(text));
      expect(loaded.status.state).toBe('invalid');
      expect(loaded.backends).toEqual([]);
      expect(loaded.status.error!.replace(/^The config file \S+ was not used: /, '').replace(/ Fix it and restart.*$/, '')).toMatch(expected);
    });
  }
});
