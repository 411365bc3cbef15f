import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Marker } from '../../../src/contract/wire-types';
import type { TestCore } from './harness';
import { manyFlags, memoryFlagService, quietFakes } from './harness';
import { deploy, flip, markersIn, MINUTE, panels, renderWith } from './marker-fixtures';

let core: TestCore | undefined;
afterEach(() => core?.stop());

/** A flip as this console words it: before → after, who, why. */
const ramp = (at: number, key: string, who: string): Marker => ({ ...flip(at, key), who, what: `flag ${key} off → on for everyone in production: ramp` });
const deployTick = (n: number) => within(panels()[0]!).getAllByTestId('deploy-marker').find((m) => m.title.includes(`web deploy #${n}`))!;
const menu = () => screen.getByRole('dialog', { name: /^Flags flipped near/ });

describe('a deploy marker offers the flags flipped near it', () => {
  it('right-click lists the flips within 15 min (flag, env, before → after, who); none near says so', async () => {
    const now = Date.now();
    core = renderWith([
      deploy(now - 58 * MINUTE, 1),
      deploy(now - 30 * MINUTE, 2),
      ramp(now - 26 * MINUTE, 'checkout.new-tax-engine', 'rollout-bot'),
      flip(now - 40 * MINUTE, 'search.kill-suggestions'),
      // 20 min after deploy #2: not near it.
      ramp(now - 10 * MINUTE, 'feed.flag-004', 'kastner'),
    ]);
    await expect.poll(() => markersIn(panels()[0]!)).toBe(5);

    // In a browser the right button's press focuses the tick; jsdom does not.
    deployTick(2).focus();
    fireEvent.contextMenu(deployTick(2));
    await waitFor(() => expect(within(menu()).getAllByTestId('deploy-flip')).toHaveLength(2));
    expect(within(menu()).getAllByTestId('deploy-flip').map((i) => i.textContent)).toEqual([
      'search.kill-suggestions in production: → off by oncall (10 min before the deploy) Turn on in production',
      'checkout.new-tax-engine in production: off → on for everyone by rollout-bot (4 min after the deploy) Turn off in production',
    ]);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByTestId('deploy-flips')).toBeNull();
    expect(document.activeElement).toBe(deployTick(2));

    fireEvent.contextMenu(deployTick(1));
    expect(await within(menu()).findByText('No flag was flipped within 15 min of this deploy.')).toBeTruthy();
  });

  it('from the keyboard: the context-menu key on the deploy, Down, Enter, a reason and Enter turn the flag off in production', async () => {
    const now = Date.now();
    const backends = { ...quietFakes(), flags: memoryFlagService(manyFlags(40)) };
    core = renderWith([deploy(now - 30 * MINUTE, 1), ramp(now - 35 * MINUTE, 'payments.flag-020', 'dev1'), ramp(now - 26 * MINUTE, 'checkout.new-tax-engine', 'dev1')], backends);
    await expect.poll(() => markersIn(panels()[0]!)).toBe(3);
    const tick = deployTick(1);
    tick.focus();
    // Shift+F10 and the context-menu key fire `contextmenu` on the focused element.
    fireEvent.contextMenu(tick);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Turn off in production'));
    expect(document.activeElement?.closest('li')?.dataset.flag).toBe('payments.flag-020');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.closest('li')?.dataset.flag).toBe('checkout.new-tax-engine');
    fireEvent.click(document.activeElement!);

    expect(screen.queryByTestId('deploy-flips')).toBeNull();
    const guard = await screen.findByTestId('flip-guard');
    expect(guard.getAttribute('aria-label')).toBe('Flip checkout.new-tax-engine in production');
    await waitFor(() => expect(within(guard).getByText('OFF')).toBeTruthy());
    const reason = within(guard).getByRole('textbox', { name: 'Reason for this flip' });
    fireEvent.change(reason, { target: { value: 'INC-2 errors since deploy #1' } });
    fireEvent.submit(reason.closest('form')!);
    await waitFor(() => expect(screen.queryByTestId('flip-guard')).toBeNull());
    expect(core.inputs.find((i) => i.name === 'flags.flip')!.input).toMatchObject({
      key: 'checkout.new-tax-engine',
      environment: 'production',
      to: { enabled: false },
      expected: { enabled: true },
      reason: 'INC-2 errors since deploy #1',
    });
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(document.activeElement).toBe(tick);
    // Watched like any flip.
    expect((await screen.findByTestId('recovery-watch')).textContent).toMatch(/checkout\.new-tax-engine in production/);
  });
});

describe('a flip drawn in a "+N" tick', () => {
  it('right-click on its row in the list offers the inverse flip, as its own tick would; Escape gives focus back to the tick', async () => {
    const now = Date.now();
    // A deploy of another service 4 s after the ramp: one tick at an hour's width.
    const backends = { ...quietFakes(), flags: memoryFlagService(manyFlags(40)) };
    core = renderWith([ramp(now - 20 * MINUTE, 'checkout.new-tax-engine', 'kastner'), deploy(now - 20 * MINUTE + 4_000, 1)], backends);
    await expect.poll(() => within(panels()[0]!).queryAllByTestId('marker-cluster').length).toBe(1);
    const cluster = within(panels()[0]!).getByTestId('marker-cluster');
    fireEvent.mouseEnter(cluster.parentElement!);
    const row = within(within(panels()[0]!).getByRole('tooltip', { name: '2 markers' }))
      .getAllByTestId('marker-list-item')
      .find((item) => item.dataset.kind === 'flip')!;
    expect(row.tabIndex).toBe(0);

    fireEvent.contextMenu(row);
    const guard = await screen.findByTestId('flip-guard');
    expect(guard.getAttribute('aria-label')).toBe('Flip checkout.new-tax-engine in production');
    await waitFor(() => expect(within(guard).getByText('OFF')).toBeTruthy());
    fireEvent.keyDown(within(guard).getByRole('textbox', { name: 'Reason for this flip' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('flip-guard')).toBeNull());
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(document.activeElement).toBe(cluster);
  });
});
