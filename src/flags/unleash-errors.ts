import { httpAnswer } from '../backends/http-answer';
import { ForbiddenError, NotFoundError } from '../errors';

export interface FlipTarget {
  /** "Unleash at https://unleash.internal", as the http client says it. */
  where: string;
  project: string;
  key: string;
  environment: string;
  /** What was refused: reading the flag, or changing it. */
  action?: 'read' | 'change';
}

/**
 * Says what a refused flip means for the person on call: which of flag and environment Unleash
 * does not know (its 404s differ only in their message), or that the token may read but not write,
 * naming the permission it lacks. Anything else keeps the http client's message.
 */
export function describeFlipFailure(error: unknown, { where, project, key, environment, action = 'change' }: FlipTarget): Error {
  const answer = httpAnswer(error);
  if (answer?.status === 404) {
    const said = unleashMessage(answer.body);
    // Unleash says "Could not find environment staging for feature: x" to a flip, "Could not find x in staging" to a read.
    if (/environment/i.test(said) || (environment !== '' && said.endsWith(` in ${environment}`))) {
      return new NotFoundError(`${where} has no environment "${environment}" for the flag "${key}" (Unleash said: ${said}). Reload the list.`, { cause: error });
    }
    return new NotFoundError(`${where} has no flag "${key}" in project "${project}": it may have been archived or renamed. Reload the list.`, { cause: error });
  }
  if (answer?.status === 403) {
    // Unleash names what is missing in `permissions`, or in its message ("You need permission=…").
    const permission = permissionsOf(answer.body) || /permission=([A-Z_]+)/.exec(unleashMessage(answer.body))?.[1] || (action === 'change' ? 'UPDATE_FEATURE_ENVIRONMENT' : 'READ');
    const refused =
      action === 'change'
        ? `${where} lets this token read flags but not flip "${key}" in ${environment} (403, it lacks ${permission}): use the personal access token of an Editor or an admin token in Settings.`
        : `${where} refused this token reading "${key}"${environment ? ` in ${environment}` : ''} (403, it lacks ${permission}): use a token that may read project "${project}" in Settings.`;
    return new ForbiddenError(refused, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function unleashMessage(body: unknown): string {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : 'not found';
}

function permissionsOf(body: unknown): string {
  const permissions = typeof body === 'object' && body !== null ? (body as { permissions?: unknown }).permissions : undefined;
  return Array.isArray(permissions) ? permissions.filter((p) => typeof p === 'string').join(', ') : '';
}
