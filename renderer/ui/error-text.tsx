import type { ApiError } from '../../src/contract/api-error';
import { describeError } from '../lib/describe-error';

export type ErrorTextProps = { error: ApiError; prefix?: string };

/** An API error where the user is looking: what failed, then what to do. */
export function ErrorText({ error, prefix }: ErrorTextProps) {
  const { message, hint } = describeError(error);
  return (
    <span className="error-text" role="alert" data-code={error.code}>
      {prefix ? `${prefix}: ` : ''}
      {message}
      {hint ? ` ${hint}` : ''}
    </span>
  );
}
