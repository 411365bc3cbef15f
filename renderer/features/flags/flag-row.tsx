import type { CSSProperties, Ref } from 'react';

import type { Flag, FlagSetting } from '../../../src/contract/wire-types';
import { TimeAgo } from '../../ui/time-ago';
import { FlagSwitch } from './flag-switch';
import { settingOf } from './flag-state';
import { FlipConfirm } from './flip-confirm';
import { FlipProblemNote } from './flip-problem-note';
import type { Confirming, FlipProblem } from './use-flips';

/** What a row can ask of the switchboard; one object for every row, so rows re-render only when their own data changes. */
export interface FlagRowActions {
  open: (flag: Flag, environment: string, proposed?: FlagSetting) => void;
  submit: (open: Confirming, to: FlagSetting, reason: string) => void;
  cancel: () => void;
  togglePin: (key: string) => void;
  toggleSelected: (key: string) => void;
  reload: (key: string) => void;
  dismiss: (key: string) => void;
}

export type FlagRowProps = {
  flag: Flag;
  environments: readonly string[];
  /** Position in the filtered list: the virtualiser measures rows by it. */
  index: number;
  pinned: boolean;
  /** "flipped 2 min before cursor" when this flag was flipped near the time cursor; null otherwise. */
  nearCursor: string | null;
  selected: boolean;
  /** The flip being confirmed on this row, if any. */
  confirming: Confirming | null;
  /** The environment whose flip is on its way, if any. */
  pending: string | null;
  problem: FlipProblem | null;
  /** Why switches are disabled (viewer role); null when they are not. */
  readOnly: string | null;
  actions: FlagRowActions;
  /** The list's column template, so rows line up with its header. */
  columns: CSSProperties;
  ref?: Ref<HTMLDivElement>;
  style?: CSSProperties;
};

/** One flag: pin, selection, switches per environment, last change, the guard of a flip and what went wrong with the last one. */
export function FlagRow({ flag, environments, index, pinned, nearCursor, selected, confirming, pending, problem, readOnly, actions, columns, ref, style }: FlagRowProps) {
  const settingIn = (env: string) => {
    const found = flag.environments.find((e) => e.name === env);
    return found && settingOf(found);
  };
  const confirmEnv = confirming && flag.environments.find((e) => e.name === confirming.environment);
  return (
    <div
      ref={ref}
      role="row"
      aria-rowindex={index + 2}
      className={`flag-row ${pinned ? 'pinned' : ''} ${nearCursor ? 'near-cursor' : ''}`}
      data-testid="flag-row"
      data-key={flag.key}
      data-near-cursor={nearCursor ? 'true' : undefined}
      data-index={index}
      style={style}
    >
      <div className="flag-cells" style={columns}>
        <div role="cell" className="flag-pick">
          <input type="checkbox" aria-label={`Select ${flag.key}`} checked={selected} onChange={() => actions.toggleSelected(flag.key)} />
          <button
            type="button"
            className={`flag-pin ${pinned ? 'on' : ''}`}
            aria-pressed={pinned}
            aria-label={`Pin ${flag.key}`}
            title={pinned ? 'Pinned for the incident: listed first. Click to unpin.' : 'Pin for the incident: listed first, with the kill switches (P shows only these)'}
            onClick={() => actions.togglePin(flag.key)}
          >
            {pinned ? '★' : '☆'}
          </button>
        </div>
        <div role="cell" className="flag-key-cell">
          <div className="flag-key">
            {flag.key}
            {flag.stale && (
              <span className="flag-badge stale" title="Marked stale in the flag service: due to be cleaned up">
                stale
              </span>
            )}
          </div>
          <div className="flag-description">{flag.description}</div>
          {nearCursor && <div className="flag-near-cursor small">{nearCursor}</div>}
        </div>
        <div role="cell">
          <span className={`flag-type type-${flag.type}`}>{flag.type}</span>
        </div>
        {environments.map((env) => (
          <div role="cell" key={env} className="env-col">
            <FlagSwitch
              flagKey={flag.key}
              environment={env}
              setting={settingIn(env)}
              pending={pending === env}
              readOnly={readOnly}
              onToggle={() => actions.open(flag, env)}
              onEdit={() => actions.open(flag, env, settingIn(env))}
            />
          </div>
        ))}
        <div role="cell" className="flag-updated" title={flag.updatedBy ?? undefined}>
          {flag.updatedBy ?? '—'}
          {flag.updatedAt !== null && (
            <div className="muted small">
              <TimeAgo at={flag.updatedAt} />
            </div>
          )}
        </div>
      </div>
      {((confirming && confirmEnv) || problem) && (
        <div role="cell" className="flag-detail">
          {confirming && confirmEnv && (
            <FlipConfirm
              key={`${confirming.environment}:${JSON.stringify(confirming.proposed)}`}
              flagKey={flag.key}
              environment={confirming.environment}
              production={confirmEnv.production}
              before={confirming.expected}
              proposed={confirming.proposed}
              onConfirm={(to, reason) => actions.submit(confirming, to, reason)}
              onCancel={actions.cancel}
            />
          )}
          {problem && <FlipProblemNote flag={flag} problem={problem} onReload={() => actions.reload(flag.key)} onDismiss={() => actions.dismiss(flag.key)} />}
        </div>
      )}
    </div>
  );
}
