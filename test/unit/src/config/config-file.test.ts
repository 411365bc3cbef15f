import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { defaultConfigPath, loadConfigFile, parseConfigText } from '../../../../src/config/config-file';

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
    expect(half.status).toMatchObject({ state: 'partial', error: expect.stringMatching(/dashboards\[0\]\.defaults: .*a fixed range needs both from and until.* \(left out\)/) });
    expect([half.backends.length, half.dashboards]).toEqual([4, []]);
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

  it('that is not YAML is not used at all, and says where it broke', () => {
    const file = configFile(good.replace('    url: https://graphite.internal', '    url: [https://graphite.internal'));
    const loaded = loadConfigFile(file);
    expect([loaded.status.state, loaded.backends, loaded.dashboards]).toEqual(['invalid', [], []]);
    expect(loaded.status.error).toContain(file);
    expect(loaded.status.error).toMatch(/line \d+.*not valid YAML/);
  });

  // A broken item is left out and said in one paragraph (the file, the line, the field, what is
  // expected); everything else in the file is used.
  const broken: [string, string, RegExp[], string[], number][] = [
    ['an unknown key', good.replace('    host: web-1', '    hots: web-1'), [/line 19, logs\[0\]\.hots: unknown field \(ignored\)/, /logs\[0\]\.host: missing .*\(left out\)/], ['graphite', 'deploys', 'unleash'], 1],
    ['a wrong type', good.replace("targets: ['sumSeries(web.*.requests)']", 'targets: 42'), [/line 26, dashboards\[0\]\.panels\[0\]\.targets: expected array, got 42 \(left out\)/], ['graphite', 'deploys', 'unleash', 'web-1-app'], 0],
    ['a bad URL', good.replace('https://unleash.internal', 'htp://unleash.internal'), [/line 13, flags\[0\]\.url: expected an http:\/\/ or https:\/\/ URL, got "htp:\/\/unleash.internal" \(left out\)/], ['graphite', 'deploys', 'web-1-app'], 1],
    ['a missing field', good.replace('    tokenSecret: unleash.token\n', ''), [/line 1[01], flags\[0\]\.tokenSecret: missing \(expected string\) \(left out\)/], ['graphite', 'deploys', 'web-1-app'], 1],
    ['a deploy source naming a graphite backend that does not exist', good.replace('    graphite: graphite\n', '    graphite: grafite\n'), [/line 9, deploys\[0\]\.graphite: names no graphite backend "grafite" \(defined: graphite\), got "grafite" \(left out\)/], ['graphite', 'unleash', 'web-1-app'], 1],
  ];
  for (const [what, text, expectations, kept, dashboards] of broken) {
    it(`with ${what} leaves out only what is broken, and says so in one paragraph`, () => {
      const file = configFile(text);
      const loaded = loadConfigFile(file);
      expect(loaded.status.state).toBe('partial');
      expect(loaded.backends.map((b) => b.id)).toEqual(kept);
      expect(loaded.dashboards).toHaveLength(dashboards);
      const error = loaded.status.error!;
      expect(error).toContain(file);
      for (const expected of expectations) expect(error).toMatch(expected);
      expect(error).not.toMatch(/\n|\s{2,}at |ZodError|\{"code"/); // one paragraph, no stack or raw issue dump
    });
  }

  it('leaves out what depended on an item left out, naming the line of each as it is in the file', () => {
    const text = good.replace('    auth: { type: basic, username: ops, passwordSecret: graphite.password }\n', '    auth: { type: basic, username: ops, passwordSecret: graphite.password }\n  - id: second\n    url: nope\n').replace('    graphite: graphite\n', '    graphite: second\n');
    const loaded = parseConfigText('config.yaml', text);
    expect(loaded.backends.map((b) => b.id)).toEqual(['graphite', 'unleash', 'web-1-app']);
    // The bad URL in the first round; the deploy source, once its graphite was gone, in the second.
    expect(loaded.status.error).toMatch(/line 7, graphite\[1\]\.url: .*"nope" \(left out\); line 11, deploys\[0\]\.graphite: names no graphite backend "second" \(defined: graphite\)/);
  });

  it('written before the limits existed, keeps its dashboards: extra targets and panels past the limits left out, a long title cut', () => {
    const targets = Array.from({ length: 150 }, (_, i) => `          - web-${i}.requests`).join('\n');
    const panels = Array.from({ length: 520 }, (_, i) => `  - title: Panel ${i}\n    targets: [web.${i}]`).join('\n');
    const text = `${good}      - title: Every host\n        targets:\n${targets}\n  - id: huge\n    title: ${'Long title '.repeat(60)}\n    panels:\n${panels.replace(/^/gm, '  ')}\n`;
    const loaded = loadConfigFile(configFile(text));
    expect(loaded.status.state).toBe('partial');
    expect(loaded.backends).toHaveLength(4);
    const [web, huge] = loaded.dashboards;
    expect(web!.panels[1]!.targets).toEqual(Array.from({ length: 100 }, (_, i) => `web-${i}.requests`));
    expect(huge!.panels).toHaveLength(500);
    expect(huge!.title).toHaveLength(500);
    expect(loaded.status.error).toMatch(/dashboards\[0\]\.panels\[1\]\.targets: .*100.* \(kept the first 100 of 150\)/);
    expect(loaded.status.error).toMatch(/dashboards\[1\]\.panels: .*500.* \(kept the first 500 of 520\)/);
    expect(loaded.status.error).toMatch(/dashboards\[1\]\.title: .*500.* \(cut to 500 characters\)/);
  });

  it('a journal’s units are checked like file names, and units and identifiers are not mixed', () => {
    const journal = (match: string) => configFile(`logs:\n  - { id: central, type: journal-gateway, url: 'http://journal.internal:19531', service: checkout, ${match} }\n`);
    expect(loadConfigFile(journal("units: ['checkout.service', 'getty@tty1.service']")).status.state).toBe('ok');
    expect(loadConfigFile(journal("units: ['check*']")).status.error).toMatch(/line 2.*logs\[0\]\.units\[0\]: .*a unit or identifier: letters, digits, _ \. @ : or -/);
    expect(loadConfigFile(journal("units: ['a.service'], identifiers: [b]")).status.error).toMatch(/logs\[0\]\.identifiers: expected units or identifiers, not both/);
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
    ['a shared field wrong', fleet.replace('username: logreader', 'username: Log Reader'), /^line 6, logs\[0\]\.username: expected a Unix user name, got "Log Reader" \(left out\)\.$/],
    ['a bad host', fleet.replace('web-2.internal', "'web 2'"), /line 4, logs\[0\]\.hosts\[1\]/],
    ['a file name with a path', fleet.replace('files: [app, access]', 'files: [app, ../secrets]'), /line 5, logs\[0\]\.files\[1\]: .*a log name/],
    ['an id of its own', fleet.replace('    service: web\n', '    service: web\n    id: web\n'), /logs\[0\]\.id: must not be set in an entry with hosts: each log's id is <host>-<file>/],
    ['an entry after it broken', fleet.replace('host: api-1,', 'hots: api-1,'), /line 8, logs\[1\]\.hots: unknown field/],
  ];
  for (const [what, text, expected] of brokenFleets) {
    it(`with ${what} says where it is in the file, once, and keeps the rest`, () => {
      const loaded = loadConfigFile(configFile(text));
      expect(loaded.status.state).toBe('partial');
      const said = loaded.status.error!.replace(/^Part of the config file \S+ was not used: /, '').replace(/ Everything else in it is in use.*$/, '');
      expect(said).toMatch(expected);
      expect(said.match(/line \d+/g)).toHaveLength(what === 'an entry after it broken' ? 2 : 1);
      // A broken fleet stands for none of its logs; a broken entry after it costs only that entry.
      const kept = loaded.backends.map((b) => b.id);
      if (what === 'an entry after it broken') expect(kept).toEqual(['web-1-app', 'web-1-access', 'web-2-app', 'web-2-access', 'web-legacy-app', 'web-legacy-access']);
      else expect(kept).toEqual(['api-1-app']);
    });
  }
});
