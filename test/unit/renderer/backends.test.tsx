import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { parseConfigText } from '../../../src/config/config-file';
import { quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

const CONFIG_PATH = '/etc/ops-console/config.yaml';
const validConfig = () =>
  parseConfigText(
    CONFIG_PATH,
    `graphite:
  - id: g1
    name: Graphite (prod)
    url: https://graphite.example.com
dashboards:
  - id: web
    title: Web
    panels:
      - title: Requests
        targets: [web.requests]
`,
  );

async function openBackends() {
  fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
  const drawer = await screen.findByRole('dialog', { name: 'Settings' });
  return within(within(drawer).getByRole('region', { name: 'Backends' }));
}

async function openAddForm() {
  const section = await openBackends();
  fireEvent.click(section.getByRole('button', { name: 'Add backend' }));
  return within(section.getByRole('form', { name: 'Add backend' }));
}

const entry = (id: string) => screen.queryAllByTestId('backend-entry').find((e) => e.dataset.id === id);
const sent = (name: string) => core!.inputs.filter((r) => r.name === name).map((r) => r.input as Record<string, unknown>);

describe('backends in settings', () => {
  it('lists config backends read-only with their file, and app-added ones with edit and remove', async () => {
    ({ core } = renderApp({ config: validConfig() }));
    await core.dispatch('backends.save', { definition: { kind: 'graphite', id: 'mine', url: 'http://127.0.0.1:8080' } });
    const section = await openBackends();
    await expect.poll(() => entry('mine')).toBeTruthy();

    expect(section.getByTestId('config-file-path').textContent).toBe(`Config file: ${CONFIG_PATH}`);
    const fromConfig = entry('g1')!;
    expect(fromConfig.dataset.origin).toBe('config');
    expect(fromConfig.textContent).toContain('Graphite (prod)');
    expect(fromConfig.textContent).toContain('https://graphite.example.com');
    expect(fromConfig.textContent).toContain(`from ${CONFIG_PATH}`);
    expect(within(fromConfig).queryAllByRole('button')).toHaveLength(0);

    const mine = entry('mine')!;
    expect(mine.dataset.origin).toBe('settings');
    expect(within(mine).getByRole('button', { name: 'Edit mine' })).toBeTruthy();
    fireEvent.click(within(mine).getByRole('button', { name: 'Remove mine' }));
    fireEvent.click(within(mine).getByRole('button', { name: 'Remove' }));
    await expect.poll(() => entry('mine')).toBeUndefined();
    expect(entry('g1')).toBeTruthy();
  });

  it('labels the demo backends, and the header says the data is the demo', async () => {
    const backends = { ...quietFakes(), dataSource: 'demo' as const };
    ({ core } = renderApp({
      backends,
      demo: { backends: [{ kind: 'graphite', id: 'demo-graphite', name: 'Graphite (demo)', url: 'http://127.0.0.1:9', auth: { type: 'none' } }], dashboards: [] },
    }));
    const badge = await screen.findByText('DEMO DATA');
    expect(badge.getAttribute('title')).toBe('Built-in demo world; add your backends in Settings → Backends or a config file');
    await openBackends();
    await expect.poll(() => entry('demo-graphite')?.dataset.origin).toBe('demo');
    expect(within(entry('demo-graphite')!).getByText('demo')).toBeTruthy();
  });

  it('"Test connection" sends the unsaved definition and shows what answered, or why not', async () => {
    let answer: () => Promise<string> = async () => 'Graphite 1.1.8, 42 metrics under *';
    ({ core } = renderApp({ check: () => answer() }));
    const form = await openAddForm();
    fireEvent.change(form.getByLabelText('Id'), { target: { value: 'graphite-prod' } });
    fireEvent.change(form.getByLabelText('URL'), { target: { value: 'https://graphite.example.com' } });
    fireEvent.click(form.getByRole('button', { name: 'Test connection' }));

    const result = await form.findByTestId('connection-test');
    expect(result.textContent).toBe('✓ Graphite 1.1.8, 42 metrics under *');
    expect(result.dataset.ok).toBe('true');
    expect(sent('backends.test')[0]).toEqual({ definition: { id: 'graphite-prod', kind: 'graphite', url: 'https://graphite.example.com', auth: { type: 'none' } } });
    expect(sent('backends.save')).toHaveLength(0);

    answer = () => Promise.reject(new Error('Graphite at https://graphite.example.com did not answer in 5 s'));
    fireEvent.click(form.getByRole('button', { name: 'Test connection' }));
    await expect.poll(() => form.queryByTestId('connection-test')?.dataset.ok).toBe('false');
    expect(form.getByTestId('connection-test').textContent).toBe('✗ Graphite at https://graphite.example.com did not answer in 5 s');
  });

  it('a password goes to secrets.set under a name from the id; the definition names it and the value is nowhere else', async () => {
    const password = 'hunter2-correct-horse-battery';
    ({ core } = renderApp());
    await screen.findByTestId('chart-panel');
    const form = await openAddForm();
    fireEvent.change(form.getByLabelText('Id'), { target: { value: 'graphite-prod' } });
    fireEvent.change(form.getByLabelText('URL'), { target: { value: 'https://graphite.example.com' } });
    fireEvent.change(form.getByLabelText('Auth'), { target: { value: 'basic' } });
    fireEvent.change(form.getByLabelText('Username'), { target: { value: 'oncall' } });
    const field = form.getByLabelText<HTMLInputElement>('Password');
    expect(field.type).toBe('password');
    fireEvent.change(field, { target: { value: password } });
    await act(async () => fireEvent.click(form.getByRole('button', { name: 'Save' })));

    await expect.poll(() => entry('graphite-prod')?.dataset.origin).toBe('settings');
    expect(field.value).toBe('');
    expect(sent('secrets.set')).toEqual([{ name: 'graphite-prod.password', value: password }]);
    expect(sent('backends.save')).toEqual([
      {
        definition: {
          id: 'graphite-prod',
          kind: 'graphite',
          url: 'https://graphite.example.com',
          auth: { type: 'basic', username: 'oncall', passwordSecret: 'graphite-prod.password' },
        },
      },
    ]);
    expect(core.secret('graphite-prod.password')).toBe(password);
    expect(JSON.stringify(core.inputs.filter((r) => r.name !== 'secrets.set'))).not.toContain(password);
    expect(document.body.innerHTML).not.toContain(password);
    // The first backend of your own ends the demo: its dashboards go, and the graphs say so.
    expect(await screen.findByTestId('dashboards-empty')).toBeTruthy();
  });

  /** The add form for an SSH log source, filled in for web-1 of service web, plus `fields` by label. */
  async function openSshForm(fields: Record<string, string>) {
    await screen.findByTestId('chart-panel');
    const form = await openAddForm();
    fireEvent.change(form.getByLabelText('Kind'), { target: { value: 'logs' } });
    fireEvent.change(form.getByLabelText('Read over'), { target: { value: 'ssh' } });
    const values = { Id: 'web-1-app', 'SSH host': 'web-1.internal', User: 'logreader', Host: 'web-1', Service: 'web', ...fields };
    for (const [label, value] of Object.entries(values)) fireEvent.change(form.getByLabelText(label), { target: { value } });
    return form;
  }

  it('an SSH log host: the private key goes to the secret store as <id>.key, the definition names the host, user, log name and jump host', async () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    ({ core } = renderApp());
    const form = await openSshForm({ 'Log name': 'app', 'Jump host': 'oncall@bastion.internal:2222' });
    const field = form.getByLabelText<HTMLTextAreaElement>('Private key');
    fireEvent.change(field, { target: { value: key } });
    await act(async () => fireEvent.click(form.getByRole('button', { name: 'Save' })));

    await expect.poll(() => entry('web-1-app')?.dataset.origin).toBe('settings');
    expect(field.value).toBe('');
    expect(sent('secrets.set')).toEqual([{ name: 'web-1-app.key', value: key }]);
    expect(sent('backends.save')).toEqual([
      {
        definition: {
          id: 'web-1-app',
          kind: 'logs',
          type: 'ssh',
          host: 'web-1',
          service: 'web',
          address: 'web-1.internal',
          port: 22,
          username: 'logreader',
          auth: { type: 'key', keySecret: 'web-1-app.key' },
          file: 'app',
          jumpHost: { username: 'oncall', address: 'bastion.internal', port: 2222 },
        },
      },
    ]);
    expect(document.body.innerHTML).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
  });

  it('an SSH log name that is a path is refused on its field before anything is sent', async () => {
    ({ core } = renderApp());
    const form = await openSshForm({ 'Log name': '../../etc/shadow' });
    fireEvent.change(form.getByLabelText('Key from'), { target: { value: 'agent' } });
    await act(async () => fireEvent.click(form.getByRole('button', { name: 'Save' })));
    expect((await form.findByText(/no path and no dots/)).textContent).toBeTruthy();
    expect(sent('backends.save')).toEqual([]);
  });

  it('an SSH host’s journal: units instead of a log name, the host optional; a path or glob as a unit is refused on its field', async () => {
    ({ core } = renderApp());
    const form = await openSshForm({});
    fireEvent.change(form.getByLabelText('Read over'), { target: { value: 'ssh-journal' } });
    expect(form.queryByLabelText('Log name')).toBeNull();
    fireEvent.change(form.getByLabelText('Key from'), { target: { value: 'agent' } });
    fireEvent.change(form.getByLabelText('Host'), { target: { value: '' } });
    fireEvent.change(form.getByLabelText('Units'), { target: { value: 'checkout.service, ../x*' } });
    await act(async () => fireEvent.click(form.getByRole('button', { name: 'Save' })));
    await expect.poll(() => form.getByLabelText('Units').getAttribute('aria-invalid')).toBe('true');
    expect(sent('backends.save')).toEqual([]);

    fireEvent.change(form.getByLabelText('Units'), { target: { value: 'checkout.service, payments' } });
    await act(async () => fireEvent.click(form.getByRole('button', { name: 'Save' })));
    await expect.poll(() => entry('web-1-app')?.dataset.origin).toBe('settings');
    expect(sent('backends.save')).toEqual([
      {
        definition: {
          id: 'web-1-app',
          kind: 'logs',
          type: 'ssh-journal',
          service: 'web',
          address: 'web-1.internal',
          port: 22,
          username: 'logreader',
          auth: { type: 'agent' },
          units: ['checkout.service', 'payments'],
          identifiers: [],
        },
      },
    ]);
  });

  it('a central journal (systemd-journal-gatewayd): a URL and units, no host of its own', async () => {
    ({ core } = renderApp());
    await screen.findByTestId('chart-panel');
    const form = await openAddForm();
    fireEvent.change(form.getByLabelText('Kind'), { target: { value: 'logs' } });
    fireEvent.change(form.getByLabelText('Read over'), { target: { value: 'journal-gateway' } });
    expect(form.queryByLabelText('Host')).toBeNull();
    const values = { Id: 'central', URL: 'http://journal.internal:19531', Service: 'checkout', Identifiers: 'checkout' };
    for (const [label, value] of Object.entries(values)) fireEvent.change(form.getByLabelText(label), { target: { value } });
    await act(async () => fireEvent.click(form.getByRole('button', { name: 'Save' })));
    await expect.poll(() => entry('central')?.dataset.origin).toBe('settings');
    expect(entry('central')!.textContent).toContain('http://journal.internal:19531 journal -t checkout (checkout, every host in it)');
    expect(sent('backends.save')).toEqual([
      {
        definition: { id: 'central', kind: 'logs', type: 'journal-gateway', url: 'http://journal.internal:19531', auth: { type: 'none' }, service: 'checkout', units: [], identifiers: ['checkout'] },
      },
    ]);
  });

  it('an invalid field is marked where it is, and no secret is stored for a definition that will not save', async () => {
    ({ core } = renderApp());
    const form = await openAddForm();
    fireEvent.change(form.getByLabelText('Kind'), { target: { value: 'flags' } });
    fireEvent.change(form.getByLabelText('Id'), { target: { value: 'unleash' } });
    fireEvent.change(form.getByLabelText('URL'), { target: { value: 'unleash.example.com' } });
    fireEvent.change(form.getByLabelText('Token'), { target: { value: 'secret-token-123' } });
    await act(async () => fireEvent.click(form.getByRole('button', { name: 'Save' })));

    const url = form.getByLabelText('URL');
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(url.getAttribute('aria-describedby')!)!.textContent).toBe('an http:// or https:// URL');
    expect(form.getByLabelText('Id').getAttribute('aria-invalid')).toBeNull();
    expect(sent('secrets.set')).toHaveLength(0);
    expect(sent('backends.save')).toHaveLength(0);
  });

  it('saving over a config-defined id is refused, on the id field', async () => {
    ({ core } = renderApp({ config: validConfig() }));
    const form = await openAddForm();
    fireEvent.change(form.getByLabelText('Id'), { target: { value: 'g1' } });
    fireEvent.change(form.getByLabelText('URL'), { target: { value: 'https://other.example.com' } });
    await act(async () => fireEvent.click(form.getByRole('button', { name: 'Save' })));

    const alert = await form.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('conflict');
    expect(alert.textContent).toContain(CONFIG_PATH);
    expect(form.getByLabelText('Id').getAttribute('aria-invalid')).toBe('true');
  });

  it('a config file that is not YAML puts its paragraph in a red banner at the top', async () => {
    const config = parseConfigText(CONFIG_PATH, 'graphite:\n  - id: g\n    url: [nope\n');
    expect(config.status.state).toBe('invalid');
    ({ core } = renderApp({ config }));
    const banner = await screen.findByTestId('config-file-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toBe(`Config file not used. ${config.status.error!}`);
    expect(banner.textContent).toContain(CONFIG_PATH);
  });

  it('a config file with a broken item says in the banner what was left out, and uses the rest', async () => {
    const config = parseConfigText(CONFIG_PATH, 'graphite:\n  - id: g\n    url: nope\n  - id: g2\n    url: https://graphite.internal\n');
    expect(config.status.state).toBe('partial');
    ({ core } = renderApp({ config }));
    const banner = await screen.findByTestId('config-file-banner');
    expect(banner.textContent).toBe(`Part of the config file not used. ${config.status.error!}`);
    expect(banner.textContent).toMatch(/line 3, graphite\[0\]\.url: .*"nope" \(left out\)/);
    const listed = (await core.dispatch('backends.list', {})) as { ok: true; value: { backends: { definition: { id: string } }[] } };
    expect(listed.value.backends.map((b) => b.definition.id)).toEqual(['g2']);
  });
});
