import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { OpsBridge } from '../../../src/contract/bridge';
import { connect, OpsConnectionContext } from '../../../renderer/api/ops-client';
import { useOpsQuery } from '../../../renderer/api/use-ops-query';
import { deferred } from './harness';

type Answer = ReturnType<typeof deferred<unknown>>;

/** A bridge whose every answer the test releases by hand, in any order. */
function handBridge() {
  const answers: Answer[] = [];
  const bridge: OpsBridge = {
    request: () => {
      const answer = deferred<unknown>();
      answers.push(answer);
      return answer.promise;
    },
    on: () => () => {},
  };
  return { connection: connect(bridge), answers };
}

function Probe({ range, refreshSeconds = 0 }: { range: number; refreshSeconds?: number }) {
  const query = useOpsQuery(`r${range}`, (client) => client.request('backends.status', {}), { refreshSeconds });
  return (
    <p data-testid="probe">
      {JSON.stringify(query.data ?? null)} {query.error ? `error:${query.error.code}` : ''}
    </p>
  );
}

const ok = (value: unknown) => ({ ok: true, value });

afterEach(() => vi.useRealTimers());

describe('useOpsQuery', () => {
  it('a slow answer for the old range never replaces the answer for the new one', async () => {
    const { connection, answers } = handBridge();
    const view = render(
      <OpsConnectionContext value={connection}>
        <Probe range={60} />
      </OpsConnectionContext>,
    );
    view.rerender(
      <OpsConnectionContext value={connection}>
        <Probe range={360} />
      </OpsConnectionContext>,
    );
    expect(answers).toHaveLength(2);
    await act(async () => answers[1]!.resolve(ok('six hours')));
    await act(async () => answers[0]!.resolve(ok('one hour')));
    expect(screen.getByTestId('probe').textContent).toContain('"six hours"');
  });

  it('keeps the last good data next to the error when a later load fails', async () => {
    vi.useFakeTimers();
    const { connection, answers } = handBridge();
    render(
      <OpsConnectionContext value={connection}>
        <Probe range={60} refreshSeconds={10} />
      </OpsConnectionContext>,
    );
    await act(async () => answers[0]!.resolve(ok('first')));
    await act(async () => vi.advanceTimersByTime(10_000));
    expect(answers).toHaveLength(2);
    await act(async () => answers[1]!.resolve({ ok: false, error: { code: 'backend_unavailable', message: 'down' } }));
    expect(screen.getByTestId('probe').textContent).toBe('"first" error:backend_unavailable');
    await act(async () => vi.advanceTimersByTime(10_000));
    await act(async () => answers[2]!.resolve(ok('back')));
    expect(screen.getByTestId('probe').textContent).toBe('"back" ');
  });
});
