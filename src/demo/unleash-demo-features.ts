import type { DemoFlag, DemoFlagEnvironment, DemoFlagStore, DemoStrategy } from './demo-flags';
import { applyJsonPatch, JsonPatchError } from './unleash-json-patch';
import { featureEnvironment, fullFeature, listEntry, noSuchEnvironment, noSuchFeature, strategy, unleashError } from './unleash-demo-shapes';
import type { DemoReply } from './unleash-demo-shapes';

/** One request to the demo's Admin API, already authenticated and split into decoded path segments. */
export interface DemoRequest {
  method: string;
  /** `/api/admin/projects/default/features` → ['api', 'admin', 'projects', 'default', 'features']. */
  segments: string[];
  query: URLSearchParams;
  body: unknown;
  /** Who the token is: what Unleash writes into `createdBy`. */
  actor: string;
}

/**
 * `/api/admin/projects/:project/features/**`, as Unleash 8.2 answers it. Returns undefined for
 * paths it does not serve, so the server answers them with Unleash's "path not available".
 */
export function answerFeatures(store: DemoFlagStore, request: DemoRequest): DemoReply | undefined {
  const { method, segments } = request;
  const [, , , project, , name, environments, envName, action, strategyId, ...rest] = segments;
  if (project === undefined || rest.length > 0) return undefined;
  // Every demo flag lives in "default"; like Unleash, another project's list is simply empty.
  const flags = project === 'default' ? store : undefined;
  if (name === undefined) return method === 'GET' ? { status: 200, body: { version: 2, features: flags?.list().map(listEntry) ?? [] } } : undefined;

  const flag = flags?.get(name);
  if (environments === undefined) return method === 'GET' ? (flag ? { status: 200, body: fullFeature(flag) } : noSuchFeature(name, project)) : undefined;
  if (environments !== 'environments' || envName === undefined) return undefined;
  if (!flag) return noSuchFeature(name, project);
  const env = flag.environments.find((e) => e.name === envName);

  if (action === undefined) return method === 'GET' ? (env ? { status: 200, body: featureEnvironment(flag, env) } : noSuchEnvironment(name, envName)) : undefined;
  if ((action === 'on' || action === 'off') && strategyId === undefined && method === 'POST') {
    // Unleash's /on and /off take no body: a reason sent along is ignored, and re-flipping is a no-op.
    const outcome = store.setEnabled(name, envName, action === 'on', request.actor);
    return outcome === 'not_found' ? noSuchEnvironment(name, envName) : { status: 200 };
  }
  if (action !== 'strategies') return undefined;
  if (!env) return noSuchEnvironment(name, envName);
  if (strategyId === undefined) return method === 'GET' ? { status: 200, body: env.strategies.map(strategy) } : undefined;
  const current = env.strategies.find((s) => s.id === strategyId);
  if (method === 'GET') return current ? { status: 200, body: strategy(current) } : noSuchStrategy(strategyId);
  if (method === 'PUT' || method === 'PATCH') return current ? updateStrategy(store, request, flag, env, current) : noSuchStrategy(strategyId);
  return undefined;
}

function updateStrategy(store: DemoFlagStore, request: DemoRequest, flag: DemoFlag, env: DemoFlagEnvironment, current: DemoStrategy): DemoReply {
  let next: unknown;
  if (request.method === 'PATCH') {
    try {
      next = applyJsonPatch(strategy(current), request.body);
    } catch (error) {
      // Unleash lets fast-json-patch's error escape: a failed `test` is a 500, and nothing is written.
      if (error instanceof JsonPatchError) return unleashError(500, 'UnknownError', error.message);
      throw error;
    }
  } else {
    next = request.body;
    if (!isRecord(next) || typeof next.name !== 'string') {
      return unleashError(400, 'BadDataError', 'Request validation failed: your request body or params contain invalid data.', {
        details: [{ message: 'The `name` property is required.' }],
      });
    }
  }
  const parameters = isRecord(next) && isRecord(next.parameters) ? next.parameters : {};
  const rollout = parameters.rollout ?? current.parameters.rollout;
  if (typeof rollout !== 'string' && typeof rollout !== 'number') {
    return unleashError(400, 'BadDataError', 'Request validation failed: parameters.rollout must be a string.');
  }
  if (!isRecord(next) || changesMoreThanRollout(current, next)) {
    return unleashError(400, 'BadDataError', "The demo Unleash changes only a strategy's rollout (/parameters/rollout).");
  }
  // Like Unleash 8: numbers become strings, and nothing checks the range ("150" is stored).
  const updated = store.updateRollout(flag.name, env.name, current.id, String(rollout), request.actor);
  return updated ? { status: 200, body: strategy(updated) } : noSuchStrategy(current.id);
}

/** The demo store keeps only the rollout editable; anything else would silently not happen. */
function changesMoreThanRollout(current: DemoStrategy, next: Record<string, unknown>): boolean {
  const before: Record<string, unknown> = { ...current.parameters, rollout: undefined };
  const after: Record<string, unknown> = isRecord(next.parameters) ? { ...next.parameters, rollout: undefined } : before;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return (
    next.name !== current.name ||
    [...keys].some((key) => String(before[key]) !== String(after[key])) ||
    (next.constraints !== undefined && !same(next.constraints, current.constraints)) ||
    (next.disabled !== undefined && next.disabled !== current.disabled)
  );
}

function noSuchStrategy(id: string): DemoReply {
  return unleashError(404, 'NotFoundError', `Could not find strategy with id=${id}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
