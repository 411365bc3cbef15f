import type { DemoFlag, DemoFlagEnvironment, DemoFlagStore, DemoStrategy, DemoStrategyFields } from './demo-flags';
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

  // A read of an unknown environment is worded unlike a flip of one, as in Unleash 8.2.
  if (action === undefined) return method === 'GET' ? (env ? { status: 200, body: featureEnvironment(flag, env) } : unleashError(404, 'NotFoundError', `Could not find ${name} in ${envName}`)) : undefined;
  if ((action === 'on' || action === 'off') && strategyId === undefined && method === 'POST') {
    // Unleash's /on and /off take no body: a reason sent along is ignored, and re-flipping is a no-op.
    const outcome = store.setEnabled(name, envName, action === 'on', request.actor);
    return outcome === 'not_found' ? noSuchEnvironment(name, envName) : { status: 200 };
  }
  if (action !== 'strategies') return undefined;
  if (!env) return noSuchEnvironment(name, envName);
  if (strategyId === undefined) {
    if (method === 'GET') return { status: 200, body: env.strategies.map(strategy) };
    if (method !== 'POST') return undefined;
    const fields = strategyFields(request.body, undefined);
    if ('reply' in fields) return fields.reply;
    return { status: 200, body: strategy(store.addStrategy(name, envName, fields.value, request.actor)!) };
  }
  const current = env.strategies.find((s) => s.id === strategyId);
  if (method === 'GET') return current ? { status: 200, body: strategy(current) } : noSuchStrategy(strategyId);
  if (method === 'PUT' || method === 'PATCH') return current ? updateStrategy(store, request, flag, env, current) : noSuchStrategy(strategyId);
  return undefined;
}

function updateStrategy(store: DemoFlagStore, request: DemoRequest, flag: DemoFlag, env: DemoFlagEnvironment, current: DemoStrategy): DemoReply {
  let next: unknown = request.body;
  if (request.method === 'PATCH') {
    try {
      next = applyJsonPatch(strategy(current), request.body);
    } catch (error) {
      // Unleash lets fast-json-patch's error escape: a failed `test` is a 500, and nothing is written.
      if (error instanceof JsonPatchError) return unleashError(500, 'UnknownError', error.message);
      throw error;
    }
  }
  const fields = strategyFields(next, current);
  if ('reply' in fields) return fields.reply;
  const updated = store.updateStrategy(flag.name, env.name, current.id, fields.value, request.actor);
  return updated ? { status: 200, body: strategy(updated) } : noSuchStrategy(current.id);
}

/**
 * A strategy body as Unleash 8 validates it: a name is required; parameters become strings
 * (nothing checks a rollout's range: "150" is stored); constraints need a context and operator.
 */
function strategyFields(body: unknown, current: DemoStrategy | undefined): { value: DemoStrategyFields } | { reply: DemoReply } {
  const invalid = (message: string) => ({ reply: unleashError(400, 'BadDataError', `Request validation failed: your request body or params contain invalid data.`, { details: [{ message }] }) });
  if (!isRecord(body) || typeof body.name !== 'string') return invalid('The `name` property is required.');
  const parameters = isRecord(body.parameters) ? body.parameters : (current?.parameters ?? {});
  const constraints = Array.isArray(body.constraints) ? body.constraints : (current?.constraints ?? []);
  if (!constraints.every((c) => isRecord(c) && typeof c.contextName === 'string' && typeof c.operator === 'string')) return invalid('Each constraint needs a `contextName` and an `operator`.');
  const variants = Array.isArray(body.variants) ? body.variants : (current?.variants ?? []);
  return {
    value: {
      name: body.name,
      title: typeof body.title === 'string' ? body.title : (current?.title ?? ''),
      parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)])),
      constraints: structuredClone(constraints) as DemoStrategyFields['constraints'],
      variants: structuredClone(variants) as DemoStrategyFields['variants'],
    },
  };
}

function noSuchStrategy(id: string): DemoReply {
  return unleashError(404, 'NotFoundError', `Could not find strategy with id=${id}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
