import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { BackendSet, MetricNode } from '../../../src/backends/backend-set';
import type { LoadedConfig } from '../../../src/config/config-file';
import type { DashboardDefinition } from '../../../src/contract/backend-definitions';
import { oneDashboard, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

// A small Graphite tree for the metric browser: web.web-1.{requests,errors}, web.web-2.requests.
const PATHS = ['web.web-1.requests', 'web.web-1.errors', 'web.web-2.requests', 'checkout.orders'];

/** The fakes, with a metrics source that can also list its tree as graphite's metrics/find does. */
function browsableBackends(): BackendSet {
  const backends = quietFakes();
  const metrics = backends.metrics!;
  backends.metrics = {
    ...metrics,
    find: async (query) => {
      const parts = query.split('.');
      const seen = new Map<string, MetricNode>();
      for (const path of PATHS) {
        const segments = path.split('.');
        if (segments.length < parts.length) continue;
        if (!parts.every((p, i) => p === '*' || p === segments[i])) continue;
        const node = segments.slice(0, parts.length).join('.');
        const leaf = segments.length === parts.length;
        seen.set(node, { path: node, text: segments[parts.length - 1]!, leaf, expandable: !leaf });
      }
      return [...seen.values()];
    },
  };
  return backends;
}

const sent = (name: string) => core!.inputs.filter((r) => r.name === name).map((r) => r.input as Record<string, unknown>);
const tab = (name: string) => screen.queryByRole('tab', { name });
const click = async (element: HTMLElement) => act(async () => void fireEvent.click(element));

describe('making dashboards in the app', () => {
  it('a leaf picked in the metric browser becomes a new panel, another is added to it, and the saved dashboard is a tab at once', async () => {
    ({ core } = renderApp({ backends: browsableBackends() }));
    await click(await screen.findByRole('button', { name: '+ New dashboard' }));
    fireEvent.change(screen.getByLabelText('Dashboard title'), { target: { value: 'Web hosts' } });
    expect(screen.getByText('id: web-hosts')).toBeTruthy();

    await click(await screen.findByRole('button', { name: '▸ web' }));
    await click(await screen.findByRole('button', { name: '▸ web-1' }));
    await click(await screen.findByRole('button', { name: 'New panel from web.web-1.requests' }));
    const editors = screen.getAllByTestId('panel-editor');
    expect(editors).toHaveLength(1);
    expect((within(editors[0]!).getByLabelText<HTMLTextAreaElement>('Targets of web.web-1.requests')).value).toBe('web.web-1.requests');

    // The new panel is the selected one: the next leaf can go into it.
    await click(screen.getByRole('button', { name: 'Add web.web-1.errors to web.web-1.requests' }));
    const targets = within(editors[0]!).getByLabelText<HTMLTextAreaElement>('Targets of web.web-1.requests');
    expect(targets.value).toBe('web.web-1.requests\nweb.web-1.errors');
    fireEvent.change(within(editors[0]!).getByLabelText('Title of web.web-1.requests'), { target: { value: 'web-1' } });
    fireEvent.change(within(editors[0]!).getByLabelText('High of web-1'), { target: { value: '900' } });
    expect(sent('graphs.find').map((i) => i.query)).toEqual(['*', 'web.*', 'web.web-1.*']);

    await click(screen.getByRole('button', { name: 'Save dashboard' }));
    await expect.poll(() => tab('Web hosts')?.getAttribute('aria-selected')).toBe('true');
    expect(tab('Web')).toBeTruthy();
    const panel = await screen.findByTestId('chart-panel');
    expect(panel.getAttribute('aria-label')).toBe('web-1');
    expect(sent('dashboards.save')[0]).toEqual({
      dashboard: { id: 'web-hosts', title: 'Web hosts', panels: [{ title: 'web-1', targets: ['web.web-1.requests', 'web.web-1.errors'], unit: '', thresholds: { high: 900 } }] },
    });
  });

  it('a wildcard typed in the filter goes to metrics/find as is', async () => {
    ({ core } = renderApp({ backends: browsableBackends() }));
    await click(await screen.findByRole('button', { name: '+ New dashboard' }));
    fireEvent.change(await screen.findByLabelText('Find metrics'), { target: { value: 'web.*.requests' } });
    await click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByRole('button', { name: 'New panel from web.web-2.requests' })).toBeTruthy();
    expect(sent('graphs.find').at(-1)).toEqual({ query: 'web.*.requests' });
  });

  it('a saved dashboard can be edited and removed; its tab follows', async () => {
    const mine: DashboardDefinition = { id: 'mine', title: 'Mine', panels: [{ title: 'a', targets: ['stand-in.a'], unit: '' }] };
    ({ core } = renderApp({ savedSettings: { dashboards: [mine] } }));
    await click(await screen.findByRole('tab', { name: 'Mine' }));
    await click(screen.getByRole('button', { name: 'Edit Mine' }));
    fireEvent.change(screen.getByLabelText('Dashboard title'), { target: { value: 'Mine, renamed' } });
    await click(screen.getByRole('button', { name: '+ Add panel' }));
    const added = screen.getAllByTestId('panel-editor')[1]!;
    fireEvent.change(within(added).getByLabelText('Title of Panel 2'), { target: { value: 'b' } });
    fireEvent.change(within(added).getByLabelText('Targets of b'), { target: { value: 'stand-in.b' } });
    await click(within(added).getByRole('button', { name: 'Move b up' }));
    await click(screen.getByRole('button', { name: 'Save dashboard' }));

    await expect.poll(() => tab('Mine, renamed')?.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => screen.queryAllByTestId('chart-panel').map((p) => p.getAttribute('aria-label'))).toEqual(['b', 'a']);

    await click(screen.getByRole('button', { name: 'Edit Mine, renamed' }));
    await click(screen.getByRole('button', { name: 'Remove dashboard' }));
    await expect.poll(() => tab('Mine, renamed')).toBeNull();
    expect(await screen.findByRole('heading', { name: 'Web' })).toBeTruthy();
    expect(sent('dashboards.remove')).toEqual([{ id: 'mine' }]);
  });

  it('"Keep spikes" saves an error panel\'s targets consolidated by max, and unticking restores them', async () => {
    const mine: DashboardDefinition = { id: 'mine', title: 'Mine', panels: [{ title: 'errors', targets: ['sumSeries(web.*.errors)', 'web.web-1.errors'], unit: '' }] };
    ({ core } = renderApp({ savedSettings: { dashboards: [mine] } }));
    await click(await screen.findByRole('tab', { name: 'Mine' }));
    await click(screen.getByRole('button', { name: 'Edit Mine' }));
    const keep = screen.getByLabelText<HTMLInputElement>('Keep spikes in errors');
    expect(keep.checked).toBe(false);
    await click(keep);
    expect(screen.getByLabelText<HTMLTextAreaElement>('Targets of errors').value).toBe("consolidateBy(sumSeries(web.*.errors), 'max')\nconsolidateBy(web.web-1.errors, 'max')");
    await click(keep);
    expect(screen.getByLabelText<HTMLTextAreaElement>('Targets of errors').value).toBe('sumSeries(web.*.errors)\nweb.web-1.errors');
    await click(keep);
    await click(screen.getByRole('button', { name: 'Save dashboard' }));
    await expect.poll(() => sent('dashboards.save').length).toBe(1);
    expect((sent('dashboards.save')[0] as { dashboard: DashboardDefinition }).dashboard.panels[0]!.targets).toEqual([
      "consolidateBy(sumSeries(web.*.errors), 'max')",
      "consolidateBy(web.web-1.errors, 'max')",
    ]);
  });

  it('a panel without a target is not saved, and says why', async () => {
    ({ core } = renderApp());
    await click(await screen.findByRole('button', { name: '+ New dashboard' }));
    fireEvent.change(screen.getByLabelText('Dashboard title'), { target: { value: 'Half' } });
    await click(screen.getByRole('button', { name: '+ Add panel' }));
    await click(screen.getByRole('button', { name: 'Save dashboard' }));
    expect(within(screen.getByRole('form', { name: 'New dashboard' })).getByRole('alert').textContent).toContain('Panel 1 needs at least one target.');
    // This Graphite cannot list its metrics: the browser says so instead of staying empty.
    expect(within(screen.getByRole('region', { name: 'Metric browser' })).getByRole('alert').getAttribute('data-code')).toBe('not_configured');
    expect(sent('dashboards.save')).toEqual([]);
  });

  it('a Grafana import is previewed with what was left out, then saved as a tab', async () => {
    ({ core } = renderApp());
    await click(await screen.findByRole('button', { name: 'Import Grafana JSON' }));
    const grafana = {
      title: 'From Grafana',
      uid: 'grafana-web',
      panels: [
        { type: 'graph', title: 'Requests', datasource: 'graphite', targets: [{ refId: 'A', target: 'stand-in.requests' }], yaxes: [{ format: 'reqps' }] },
        { type: 'timeseries', title: 'Memory', datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 'up' }] },
        { type: 'text', title: 'Runbook' },
      ],
    };
    fireEvent.change(screen.getByLabelText('Grafana JSON'), { target: { value: JSON.stringify(grafana) } });
    await click(screen.getByRole('button', { name: 'Preview' }));

    const preview = await screen.findByTestId('import-preview');
    expect(preview.textContent).toContain('From Grafana');
    expect(within(preview).getAllByRole('listitem')[0]!.textContent).toContain('Requests');
    expect(within(screen.getByTestId('import-skipped')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '"Memory": its datasource is prometheus, not Graphite',
      '"Runbook": a text panel; only graph, timeseries, singlestat and stat panels are drawn here',
    ]);
    expect(sent('dashboards.save')).toEqual([]);

    await click(within(preview).getByRole('button', { name: 'Save dashboard' }));
    await expect.poll(() => tab('From Grafana')?.getAttribute('aria-selected')).toBe('true');
    expect((await screen.findByTestId('chart-panel')).getAttribute('aria-label')).toBe('Requests');
  });

  it("an import with a config dashboard's id says so, and edited before saving it gets its own id", async () => {
    const config: LoadedConfig = { status: { path: '/etc/ops-console/config.yaml', state: 'ok', error: null }, backends: [], dashboards: [oneDashboard] };
    ({ core } = renderApp({ config }));
    await click(await screen.findByRole('button', { name: 'Import Grafana JSON' }));
    const grafana = { title: 'Web', uid: 'web', panels: [{ type: 'stat', title: 'Orders', targets: [{ refId: 'A', target: 'stand-in.orders' }] }] };
    fireEvent.change(screen.getByLabelText('Grafana JSON'), { target: { value: JSON.stringify(grafana) } });
    await click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByTestId('import-clash')).textContent).toMatch(/config file already defines a dashboard with the id web/);

    await click(screen.getByRole('button', { name: 'Edit before saving' }));
    fireEvent.change(screen.getByLabelText('Dashboard title'), { target: { value: 'Web from Grafana' } });
    await click(screen.getByRole('button', { name: 'Save dashboard' }));
    await expect.poll(() => tab('Web from Grafana')?.getAttribute('aria-selected')).toBe('true');
    expect(sent('dashboards.save').map((i) => (i.dashboard as { id: string }).id)).toEqual(['web-from-grafana']);
  });

  it('a chosen file is read into the JSON box; one over 2 MB is refused before reading', async () => {
    ({ core } = renderApp());
    await click(await screen.findByRole('button', { name: 'Import Grafana JSON' }));
    const json = JSON.stringify({ title: 'From a file', panels: [{ type: 'graph', title: 'A', targets: [{ target: 'stand-in.a' }] }] });
    await act(async () => void fireEvent.change(screen.getByLabelText('Grafana JSON file'), { target: { files: [new File([json], 'web.json')] } }));
    await expect.poll(() => screen.getByLabelText<HTMLTextAreaElement>('Grafana JSON').value).toBe(json);

    const huge = new File(['x'.repeat(2 * 1024 * 1024 + 1)], 'huge.json');
    await act(async () => void fireEvent.change(screen.getByLabelText('Grafana JSON file'), { target: { files: [huge] } }));
    expect(screen.getByRole('alert').textContent).toBe('huge.json is larger than 2 MB; a Grafana dashboard is far smaller.');
  });

  it('a Grafana JSON that is not JSON is refused with the reason', async () => {
    ({ core } = renderApp());
    await click(await screen.findByRole('button', { name: 'Import Grafana JSON' }));
    fireEvent.change(screen.getByLabelText('Grafana JSON'), { target: { value: '{ "panels": ' } });
    await click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not JSON/);
  });

  it('dashboards from the config file are read-only and say where they come from', async () => {
    const config: LoadedConfig = { status: { path: '/etc/ops-console/config.yaml', state: 'ok', error: null }, backends: [], dashboards: [oneDashboard] };
    ({ core } = renderApp({ config }));
    await expect.poll(() => screen.queryByTestId('dashboard-read-only')?.textContent).toBe('from /etc/ops-console/config.yaml');
    expect(screen.queryByRole('button', { name: 'Edit Web' })).toBeNull();
    const refused = (await core.dispatch('dashboards.save', { dashboard: oneDashboard })) as { ok: boolean; error: { code: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error.code).toBe('conflict');
  });
});
