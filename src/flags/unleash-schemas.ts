import { z } from '../contract/zod';
import { BackendUnavailableError } from '../errors';

// What the adapter reads from Unleash 8's Admin API, checked at the boundary. Only the fields we
// use are named; Unleash adds fields between versions, and zod drops what it does not know.

const Constraint = z.object({
  contextName: z.string(),
  operator: z.string(),
  values: z.array(z.string()).nullish(),
  value: z.string().nullish(),
  inverted: z.boolean().nullish(),
});

export const UnleashStrategy = z.object({
  id: z.string().nullish(),
  name: z.string(),
  // Unleash stores parameters as strings, but older rows and hand-made ones can hold numbers.
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
  constraints: z.array(Constraint).nullish(),
  segments: z.array(z.number()).nullish(),
  disabled: z.boolean().nullish(),
  /** Unleash 5+: a strategy's title in its UI; `dark-launch` marks our dark launch. */
  title: z.string().nullish(),
  variants: z.array(z.object({ name: z.string() })).nullish(),
});
export type UnleashStrategy = z.infer<typeof UnleashStrategy>;

const Tag = z.object({ type: z.string(), value: z.string() });
export const UnleashTags = z.object({ tags: z.array(Tag) });

const ListEnvironment = z.object({
  name: z.string(),
  enabled: z.boolean(),
  /** The environment's type: `production` is what Unleash calls a production environment. */
  type: z.string().nullish(),
  hasStrategies: z.boolean().nullish(),
  hasEnabledStrategies: z.boolean().nullish(),
});

export const UnleashListFeature = z.object({
  name: z.string(),
  type: z.string(),
  description: z.string().nullish(),
  stale: z.boolean().nullish(),
  environments: z.array(ListEnvironment),
  tags: z.array(Tag).nullish(),
});
export type UnleashListFeature = z.infer<typeof UnleashListFeature>;

export const UnleashFeatureList = z.object({ features: z.array(UnleashListFeature) });
export type UnleashFeatureList = z.infer<typeof UnleashFeatureList>;

export const UnleashFeatureEnvironment = z.object({
  name: z.string(),
  enabled: z.boolean(),
  type: z.string().nullish(),
  strategies: z.array(UnleashStrategy),
});

export const UnleashFeature = z.object({
  name: z.string(),
  type: z.string(),
  description: z.string().nullish(),
  stale: z.boolean().nullish(),
  project: z.string().nullish(),
  environments: z.array(UnleashFeatureEnvironment),
});
export type UnleashFeature = z.infer<typeof UnleashFeature>;

/** `GET …/features/:name/environments/:env`: `name` is the flag, `environment` the environment. */
export const UnleashOneEnvironment = z.object({
  name: z.string(),
  environment: z.string(),
  enabled: z.boolean(),
  strategies: z.array(UnleashStrategy),
});

export const UnleashEvent = z.object({
  id: z.number(),
  type: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  featureName: z.string().nullish(),
  environment: z.string().nullish(),
  /** Events written in one transaction share it (an `on` that adds the default strategy). */
  groupId: z.string().nullish(),
  /** A strategy event's strategy after and before (null for flips, which say only on or off). */
  data: UnleashStrategy.nullish().catch(null),
  preData: UnleashStrategy.nullish().catch(null),
});
export type UnleashEvent = z.infer<typeof UnleashEvent>;

export const UnleashEventPage = z.object({ events: z.array(UnleashEvent), total: z.number() });
export type UnleashEventPage = z.infer<typeof UnleashEventPage>;

export const UnleashUiConfig = z.object({
  version: z.string().nullish(),
  versionInfo: z.object({ current: z.object({ oss: z.string().nullish(), enterprise: z.string().nullish() }).nullish() }).nullish(),
});

/** `GET /api/admin/user`: a PAT's person (email), or an admin token (its name as `username`, what events record). */
export const UnleashUser = z.object({
  user: z.object({ email: z.string().nullish(), username: z.string().nullish(), name: z.string().nullish() }),
});

export const UnleashEnvironments = z.object({ environments: z.array(z.object({ name: z.string(), enabled: z.boolean() })) });

/** Checks an answer's shape; a mismatch names the backend and the call, for the person on call. */
export function parseAnswer<T>(schema: z.ZodType<T>, data: unknown, where: string, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new BackendUnavailableError(
    `${where} answered ${what} in a shape Ops Console does not understand (${issue?.message ?? 'unexpected'}${at}). Is it Unleash 8?`,
    { cause: result.error },
  );
}
