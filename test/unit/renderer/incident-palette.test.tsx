import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { CommandPalette } from '../../../renderer/features/palette/command-palette';
import type { Command } from '../../../renderer/features/palette/palette-commands';
import { matchCommands } from '../../../renderer/features/palette/palette-commands';
import { manyFlags, memoryFlagService, quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

const command = (title: string, group: Command['group'] = 'flag', run = vi.fn()): Command => ({ id: title, group, title, run });

describe('the command palette', () => {
  it('finds a command by any words of it, in any order, word starts first', () => {
    const commands = [
      command('Turn off checkout.new-tax-engine in production'),
      command('Turn off checkout.flag-006 in production'),
      command('Turn on search.kill-suggestions in production'),
      command('Go to panel Checkout error rate', 'panel'),
    ];
    expect(matchCommands(commands, 'tax off').map((c) => c.title)).toEqual(['Turn off checkout.new-tax-engine in production']);
    expect(matchCommands(commands, 'checkout').map((c) => c.title)).toEqual([
      'Go to panel Checkout error rate',
      'Turn off checkout.flag-006 in production',
      'Turn off checkout.new-tax-engine in production',
    ]);
    expect(matchCommands(commands, 'nothing like it')).toEqual([]);
  });

  it('arrows choose, Enter runs the chosen one and closes, Escape closes without running', () => {
    const first = command('Start an incident', 'incident');
    const second = command('Run the incident drill (demo)', 'incident');
    const onClose = vi.fn();
    const view = render(<CommandPalette commands={[first, second]} onClose={onClose} />);
    const input = screen.getByRole('combobox', { name: 'Command' });
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'incident' } });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option').map((o) => o.getAttribute('aria-selected'))).toEqual(['false', 'true']);
    expect(input.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]!.id);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(second.run).toHaveBeenCalledOnce();
    expect(first.run).not.toHaveBeenCalled();
    expect(onClose).toHaveBeenCalledOnce();

    view.unmount();
    const closeOnly = vi.fn();
    render(<CommandPalette commands={[first]} onClose={closeOnly} />);
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Command' }), { key: 'Escape' });
    expect(closeOnly).toHaveBeenCalledOnce();
    expect(first.run).not.toHaveBeenCalled();
  });

  it('says when nothing matches, and that the flags are still loading when they are', () => {
    render(<CommandPalette commands={[command('Keyboard shortcuts', 'help')]} loading onClose={() => {}} />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Command' }), { target: { value: 'new-tax' } });
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(screen.getByText(/Nothing matches “new-tax” yet: still loading the flags/)).toBeTruthy();
  });
});

/** From `focused`: Ctrl+K, "off new-tax production", Enter; the guard once it has read the flag. */
async function guardFromPalette(focused: HTMLElement) {
  focused.focus();
  fireEvent.keyDown(document.activeElement!, { key: 'k', ctrlKey: true });
  const input = await screen.findByRole('combobox', { name: 'Command' });
  fireEvent.change(input, { target: { value: 'off new-tax production' } });
  await waitFor(() => expect(within(screen.getByTestId('command-palette')).getAllByRole('option')[0]!.textContent).toContain('Turn off checkout.new-tax-engine in production'));
  fireEvent.keyDown(input, { key: 'Enter' });
  const guard = await screen.findByTestId('flip-guard');
  await waitFor(() => expect(within(guard).getByText('ON')).toBeTruthy());
  return { guard, reason: within(guard).getByRole('textbox', { name: 'Reason for this flip' }) };
}

describe('the palette in the app: "turn off flag X in production" without the mouse', () => {
  let core: TestCore | undefined;
  afterEach(() => core?.stop());

  it('Ctrl+K, a few words, Enter, a reason and Enter send one guarded flip; focus comes back', async () => {
    const backends = { ...quietFakes(), flags: memoryFlagService(manyFlags(300)) };
    ({ core } = renderApp({ backends }));
    const refresh = await screen.findByRole('button', { name: /Refresh/ });
    const { reason } = await guardFromPalette(refresh);
    expect(document.activeElement).toBe(reason);
    const form = reason.closest('form')!;
    // Enter without a reason does nothing: the guard cannot be skipped.
    fireEvent.submit(form);
    expect(core.inputs.filter((i) => i.name === 'flags.flip')).toHaveLength(0);

    fireEvent.change(reason, { target: { value: 'INC-1 checkout errors since the ramp' } });
    fireEvent.submit(form);
    fireEvent.submit(form);
    await waitFor(() => expect(core!.inputs.filter((i) => i.name === 'flags.flip')).toHaveLength(1));
    expect(core.inputs.find((i) => i.name === 'flags.flip')!.input).toEqual({
      key: 'checkout.new-tax-engine',
      environment: 'production',
      to: { enabled: false, audience: 'everyone', rolloutPercent: null },
      expected: { enabled: true, audience: 'everyone', rolloutPercent: null },
      reason: 'INC-1 checkout errors since the ramp',
    });
    await waitFor(() => expect(screen.queryByTestId('flip-guard')).toBeNull());
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(document.activeElement).toBe(refresh);
    // The flip is watched: its series' before/after shows in the incident bar.
    expect((await screen.findByTestId('recovery-watch')).textContent).toMatch(/checkout\.new-tax-engine in production at \d\d:\d\d:\d\d: web requests\/s: /);
    // One watch per flip, though both the answer and the flags.changed event report it.
    expect(screen.getAllByTestId('recovery-watch')).toHaveLength(1);
  });
});

describe('the incident flip guard when the flag service fails', () => {
  let core: TestCore | undefined;
  afterEach(() => core?.stop());

  it('stays open with why, the switch unflipped, and the same reason can be sent once more', async () => {
    const flags = memoryFlagService(manyFlags(300));
    const write = flags.write.bind(flags);
    let failures = 1;
    flags.write = (request, signal) => (failures-- > 0 ? Promise.reject(new Error('Unleash answered 503 Service Unavailable')) : write(request, signal));
    ({ core } = renderApp({ backends: { ...quietFakes(), flags } }));
    const { guard, reason } = await guardFromPalette(await screen.findByRole('button', { name: /Refresh/ }));
    fireEvent.change(reason, { target: { value: 'INC-2 checkout errors' } });

    fireEvent.submit(reason.closest('form')!);
    expect((await within(guard).findByRole('alert')).textContent).toMatch(/Not flipped.*503/);
    await waitFor(() => expect(within(guard).getByRole('button', { name: 'Turn OFF' })).toHaveProperty('disabled', false));
    expect(reason).toHaveProperty('value', 'INC-2 checkout errors');

    fireEvent.submit(reason.closest('form')!);
    await waitFor(() => expect(screen.queryByTestId('flip-guard')).toBeNull());
    expect(core.inputs.filter((i) => i.name === 'flags.flip')).toHaveLength(2);
  });
});
