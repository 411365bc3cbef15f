import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { BackendSet } from '../../../src/backends/backend-set';
import type { DashboardDefinition } from '../../../src/contract/backend-definitions';
import { RENDER_MAX_TARGETS } from '../../../src/contract/render-chunks';
import { manyFlags, memoryFlagService, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

// A panel may hold up to 100 targets, one `graphs.render` takes 20: the incident's watches read
// a panel as the graphs do, in batches, or a wide panel is never watched at all.
const TARGETS = Array.from({ length: 25 }, (_, i) => `web-${String(i).padStart(2, '0')}.errors`);
const widePanel: DashboardDefinition = {
  id: 'wide',
  title: 'Fleet',
  panels: [{ title: 'Fleet errors', targets: TARGETS, unit: '', thresholds: { high: 1.5 } }],
};

/** Every target two minutes ago and one minute ago at 2, and at 1 now: a breach of 1.5 each, and a recovery of −50 %. */
function steppingDown(): BackendSet {
  const fakes = quietFakes();
  return {
    ...fakes,
    flags: memoryFlagService(manyFlags(3)),
    metrics: {
      ...fakes.metrics!,
      render: async ({ targets, until }) => targets.map((target) => ({ target, name: target, timestamps: [until - 120_000, until - 60_000, until], values: [2, 2, 1] })),
    },
  };
}

const renders = (core: TestCore) => core.inputs.filter((i) => i.name === 'graphs.render').map((i) => (i.input as { targets: string[] }).targets);

describe('the incident watches on a panel of more targets than one graphs.render takes', () => {
  let core: TestCore | undefined;
  afterEach(() => core?.stop());

  it('puts the first breach of every one of its series into the timeline', async () => {
    ({ core } = renderApp({ backends: steppingDown(), demo: { backends: [], dashboards: [widePanel] } }));
    const pane = await screen.findByTestId('incident-pane');
    fireEvent.change(within(pane).getByLabelText('Incident name'), { target: { value: 'Fleet errors' } });
    fireEvent.click(within(pane).getByRole('button', { name: 'Start incident' }));
    // One timeline entry saved per series, one after the other: on a busy machine that is seconds, not one.
    await waitFor(() => expect(within(pane).queryAllByTestId('incident-row').filter((r) => r.dataset.kind === 'breach')).toHaveLength(TARGETS.length), { timeout: 10_000 });
    const texts = within(pane).getAllByTestId('incident-row').filter((r) => r.dataset.kind === 'breach').map((r) => r.textContent ?? '');
    for (const target of [TARGETS[0]!, TARGETS[20]!, TARGETS[24]!]) expect(texts.some((text) => text.includes(`Fleet errors: ${target} 2`))).toBe(true);
    expect(renders(core).every((targets) => targets.length <= RENDER_MAX_TARGETS)).toBe(true);
  });

  it("measures a flip's recovery over all of its series", async () => {
    ({ core } = renderApp({ backends: steppingDown(), demo: { backends: [], dashboards: [widePanel] } }));
    await screen.findByTestId('incident-pane');
    // A flip from another window: its flags.changed event starts the watch here.
    const flip = await core.dispatch('flags.flip', {
      key: 'checkout.new-tax-engine',
      environment: 'production',
      to: { enabled: false, audience: 'everyone', rolloutPercent: null },
      expected: { enabled: true, audience: 'everyone', rolloutPercent: null },
      reason: 'INC-3 fleet errors',
    });
    expect(flip).toMatchObject({ ok: true });
    // 25 series at 2 before and 1 after: the sums are 50 and 25. The event, the dashboards and two batches
    // of renders through the real dispatcher take well over a second on a busy machine.
    await waitFor(() => expect(screen.getByTestId('recovery-watch').textContent).toMatch(/Fleet errors: 50(\.0)? → 25(\.0)? \(−50 %\)/), { timeout: 10_000 });
    expect(renders(core).every((targets) => targets.length <= RENDER_MAX_TARGETS)).toBe(true);
    // The flip's Graphite event is recorded in the audit log in the background: the test's state
    // directory goes when it ends, so wait until that write is done.
    await waitFor(async () => expect(await core!.dispatch('audit.list', { limit: 10 })).toMatchObject({ ok: true, value: { entries: [{ publish: { state: 'sent' } }] } }));
  });
});
