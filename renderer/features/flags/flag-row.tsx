import type { CSSProperties, Ref } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Flag } from '../../../src/contract/wire-types';
import { ErrorText } from '../../ui/error-text';
import { TimeAgo } from '../../ui/time-ago';
import { FlagSwitch } from './flag-switch';
import { FlipConfirm } from './flip-confirm';

export type FlagRowProps = {
  flag: Flag;
  environments: readonly string[];
  /** Position in the filtered list: the virtualiser measures rows by it. */
  index: number;
  /** The environment whose flip is being confirmed, if any. */
  confirming: string | null;
  /** The environment whose flip is on its way, if any. */
  pending: string | null;
  error: ApiError | null;
  onToggle: (key: string, environment: string) => void;
  onConfirm: (flag: Flag, environment: string, reason: string) => void;
  onCancel: () => void;
  /** The list's column template, so rows line up with its header. */
  columns: CSSProperties;
  ref?: Ref<HTMLDivElement>;
  style?: CSSProperties;
};

/** One flag: its switches, the confirm step of a flip, and what went wrong with the last one. */
export function FlagRow({
  flag,
  environments,
  index,
  confirming,
  pending,
  error,
  onToggle,
  onConfirm,
  onCancel,
  columns,
  ref,
  style,
}: FlagRowProps) {
  const enabledIn = (env: string) => flag.environments.find((e) => e.name === env)?.enabled;
  const confirmEnabled = confirming === null ? undefined : enabledIn(confirming);
  return (
    <div
      ref={ref}
      role="row"
      aria-rowindex={index + 2}
      className="flag-row"
      data-testid="flag-row"
      data-key={flag.key}
      data-index={index}
      style={style}
    >
      <div className="flag-cells" style={columns}>
        <div role="cell" className="flag-key-cell">
          <div className="flag-key">{flag.key}</div>
          <div className="flag-description">{flag.description}</div>
        </div>
        <div role="cell">
          <span className={`flag-type type-${flag.type}`}>{flag.type}</span>
        </div>
        {environments.map((env) => (
          <div role="cell" key={env} className="env-col">
            <FlagSwitch
              flagKey={flag.key}
              environment={env}
              enabled={enabledIn(env)}
              pending={pending === env}
              onToggle={() => onToggle(flag.key, env)}
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
      {((confirming !== null && confirmEnabled !== undefined) || error) && (
        <div role="cell" className="flag-detail">
          {confirming !== null && confirmEnabled !== undefined && (
            <FlipConfirm
              flagKey={flag.key}
              environment={confirming}
              before={confirmEnabled}
              after={!confirmEnabled}
              onConfirm={(reason) => onConfirm(flag, confirming, reason)}
              onCancel={onCancel}
            />
          )}
          {error && <ErrorText error={error} prefix="Flip not confirmed" />}
        </div>
      )}
    </div>
  );
}
