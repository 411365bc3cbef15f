import type { Flag } from '../../../src/contract/wire-types';
import { ErrorText } from '../../ui/error-text';
import { TimeAgo } from '../../ui/time-ago';
import { describeSetting } from './flag-state';
import type { FlipProblem } from './use-flips';

export type FlipProblemNoteProps = {
  flag: Flag;
  problem: FlipProblem;
  /** Re-reads the flags and clears this note. */
  onReload: () => void;
  onDismiss: () => void;
};

/** Codes of a flip that certainly wrote nothing: refused, or never sent. Anything else may have landed. */
const NOT_WRITTEN = new Set<string>(['forbidden', 'not_sent', 'not_found', 'invalid_input']);

/**
 * Why the last flip did not land, on the row it was meant for. A conflict says who changed the
 * flag and what it is now (as the list re-read it), and offers a reload: nothing is overwritten.
 */
export function FlipProblemNote({ flag, problem, onReload, onDismiss }: FlipProblemNoteProps) {
  const { error, environment } = problem;
  if (error.code === 'conflict') {
    const now = flag.environments.find((e) => e.name === environment);
    return (
      <div className="flip-problem conflict" data-testid="flip-conflict">
        <ErrorText error={error} prefix="Not flipped, changed meanwhile" />
        <span className="muted small">
          Now in {environment}: {describeSetting(now ?? null)}
          {flag.updatedBy !== null && <>, last changed by {flag.updatedBy}</>}
          {flag.updatedAt !== null && (
            <>
              {' '}
              <TimeAgo at={flag.updatedAt} />
            </>
          )}
          .
        </span>
        <button type="button" className="button small" onClick={onReload}>
          Reload flags
        </button>
      </div>
    );
  }
  return (
    <div className="flip-problem" data-testid="flip-problem" data-code={error.code}>
      <ErrorText error={error} prefix={`${NOT_WRITTEN.has(error.code) ? 'Not flipped' : 'Flip not confirmed'} in ${environment}`} />
      <button type="button" className="button small" onClick={onDismiss} aria-label={`Dismiss the error of ${flag.key}`}>
        ✕
      </button>
    </div>
  );
}
