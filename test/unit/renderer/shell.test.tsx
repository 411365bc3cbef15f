import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { LogFollower } from '../../../src/backends/backend-set';
import { connect } from '../../../renderer/api/ops-client';
import { App } from '../../../renderer/app/app';
import { FeatureBoundary } from '../../../renderer/app/feature-boundary';
import { quietFakes, renderApp } from './harness';
import type { TestCore } from './harness';

let core: TestCore | undefined;
afterEach(() => core?.stop());

describe('app shell', () => {
  it('says the data is demo data, and which host serves it', async () => {
    ({ core } = renderApp());
    expect(await screen.findByText('DEMO DATA')).toBeTruthy();
    expect(screen.getByText(/in-process · v0\.0\.0-test/)).toBeTruthy();
  });

  it('shows one status chip per backend, and a backend that fails turns its chip red with the reason', async () => {
    const backends = quietFakes();
    backends.flags = { ...backends.flags!, list: () => Promise.reject(new Error('Unleash unreachable')) };
    ({ core } = renderApp({ backends }));
    await expect.poll(() => screen.queryAllByTestId('backend-status').length).toBe(4);
    const flags = () => screen.getAllByTestId('backend-status').find((chip) => chip.dataset.kind === 'flags')!;
    await expect.poll(() => flags().dataset.state).toBe('down');
    expect(flags().title).toContain('Unleash unreachable');
    expect((await screen.findAllByTestId('stale-notice'))[0]!.textContent).toMatch(/^Flag service failed .*No data to show yet\.$/);
  });

  it('nine log hosts share one chip, which turns red and names the host that is down', async () => {
    const backends = quietFakes();
    const [template] = backends.logs;
    backends.logs = Array.from({ length: 9 }, (_, i) => ({
      ...template!,
      id: `web-${i + 1}-app`,
      name: `web-${i + 1} app.log`,
      info: { ...template!.info, id: `web-${i + 1}-app`, name: 'app.log', host: `web-${i + 1}`, service: 'web' },
      follow: (follower: LogFollower) => {
        if (i === 6) follower.onError(new Error('HTTP 404 for /web-7/app.log'));
        else follower.onLines(Buffer.from(`${new Date().toISOString()} INFO ok\n`));
        return () => undefined;
      },
    }));
    ({ core } = renderApp({ backends }));
    const logs = () => screen.getAllByTestId('backend-status').filter((chip) => chip.dataset.kind === 'logs');
    await expect.poll(() => logs().map((chip) => chip.dataset.state)).toEqual(['down']);
    expect(logs()[0]!.textContent).toBe('9 logs (1 down)');
    expect(logs()[0]!.title).toContain('web-7 app.log: HTTP 404 for /web-7/app.log');
  });

  it('a page without a session shows how to sign in, and nothing else', async () => {
    let signal: (() => void) | undefined;
    const connection = connect({
      request: () => new Promise(() => {}),
      on: () => () => {},
      onSignInNeeded: (listener) => ((signal = listener), () => {}),
    });
    render(<App connection={connection} />);
    act(() => signal!());
    expect(screen.getByRole('alert').textContent).toContain('Open the address Ops Console printed (with its #token=…)');
    expect(screen.queryByTestId('chart-panel')).toBeNull();
  });

  it('a crashing panel is contained and can be retried; its neighbours keep working', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let broken = true;
    function Flaky() {
      if (broken) throw new Error('cannot read properties of undefined');
      return <p>logs are back</p>;
    }
    render(
      <>
        <FeatureBoundary name="Logs">
          <Flaky />
        </FeatureBoundary>
        <p>flags still here</p>
      </>,
    );
    expect(screen.getByRole('alert').textContent).toContain('The Logs panel hit a bug');
    expect(screen.getByText('flags still here')).toBeTruthy();
    broken = false;
    act(() => screen.getByRole('button', { name: 'Try again' }).click());
    expect(screen.getByText('logs are back')).toBeTruthy();
    vi.restoreAllMocks();
  });
});
