import { pick } from './noise';

// The demo flag service's database, in Unleash 8's own shapes (features with environments and
// flexibleRollout strategies, an event log with increasing ids), so the demo Unleash server can
// serve it as is and the real Unleash adapter cannot tell the difference.

export interface DemoConstraint {
  contextName: string;
  operator: string;
  values: string[];
}

export interface DemoVariant {
  name: string;
  weight: number;
  weightType: string;
  stickiness: string;
}

export interface DemoStrategy {
  id: string;
  name: string;
  /** Unleash 5+'s strategy title; `dark-launch` is how the console marks a dark launch. */
  title: string;
  parameters: Record<string, string>;
  constraints: DemoConstraint[];
  variants: DemoVariant[];
  disabled: boolean;
  sortOrder: number;
}

/** What a strategy write may set: everything but its id and place. */
export type DemoStrategyFields = Pick<DemoStrategy, 'name' | 'title' | 'parameters' | 'constraints' | 'variants'>;

export interface DemoFlagEnvironment {
  name: string;
  enabled: boolean;
  strategies: DemoStrategy[];
}

export interface DemoFlag {
  name: string;
  type: 'release' | 'experiment' | 'operational' | 'kill-switch' | 'permission';
  description: string;
  stale: boolean;
  project: 'default';
  createdAt: string;
  /** Unleash tags; the demo uses the default `simple` type: the service, and `incident` on kill switches. */
  tags: { type: string; value: string }[];
  environments: DemoFlagEnvironment[];
}

export interface DemoFlagEvent {
  id: number;
  type: 'feature-environment-enabled' | 'feature-environment-disabled' | 'feature-strategy-add' | 'feature-strategy-update';
  createdBy: string;
  createdAt: string;
  featureName: string;
  project: 'default';
  environment: string;
  data: unknown;
  preData: unknown;
}

/** The flag whose release breaks checkout: on in production, it lifts checkout's error rate. */
export const MISBEHAVING_FLAG = 'checkout.new-tax-engine';
/**
 * A release to ramp by share of users (a guarded ramp's demo): off in production, and the more
 * users get it the more of search's requests fail, past the error-rate threshold from 25 % on.
 */
export const RAMPED_RELEASE = 'search.autocomplete-v2';
export const DEMO_ENVIRONMENTS = ['development', 'production'] as const;

const AREAS = ['checkout', 'search', 'payments', 'profile', 'feed', 'ads', 'mail', 'api', 'mobile', 'infra'];
const TYPES: DemoFlag['type'][] = ['release', 'experiment', 'operational', 'kill-switch', 'permission'];
const ROLLOUTS = [1, 5, 10, 25, 50, 75];
const PEOPLE = ['kastner@example.com', 'allspaw@example.com', 'hammond@example.com', 'snyder@example.com'];
const HOUR = 3_600_000;

export class DemoFlagStore {
  private readonly flags = new Map<string, DemoFlag>();
  private readonly log: DemoFlagEvent[] = [];
  /** When each flag/environment last changed, for the world's effects (only the misbehaving flag has any). */
  private readonly changes = new Map<string, { at: number; enabled: boolean }[]>();
  /** The share of users each flag/environment reached after each change, in time order (the ramped release's effect). */
  private readonly shares = new Map<string, { at: number; share: number }[]>();
  private readonly listeners = new Set<(event: DemoFlagEvent) => void>();

  constructor(
    private readonly now: () => number,
    count = 300,
  ) {
    const start = now();
    for (const flag of seedFlags(count, start)) this.flags.set(flag.name, flag);
    // Every flag's share from the beginning of time, so a change later keeps the past as it was.
    for (const flag of this.flags.values()) for (const env of flag.environments) this.noteShare(flag.name, env.name, 0);
    // A day of history: a dozen flips by people, and the misbehaving release turned on 35 minutes ago.
    for (let i = 0; i < 12; i++) {
      const name = pick([...this.flags.keys()], 'history-flag', i);
      const env = this.flags.get(name)!.environments.find((e) => e.name === 'production')!;
      const at = start - 23 * HOUR + i * 1.8 * HOUR;
      this.flip(name, 'production', !env.enabled, pick(PEOPLE, 'history-who', i), at);
      this.flip(name, 'production', !env.enabled, pick(PEOPLE, 'history-undo', i), at + 20 * 60_000);
    }
    this.flip(MISBEHAVING_FLAG, 'production', true, 'kastner@example.com', start - 35 * 60_000);
  }

  list(): DemoFlag[] {
    return [...this.flags.values()];
  }

  get(name: string): DemoFlag | undefined {
    return this.flags.get(name);
  }

  events(): readonly DemoFlagEvent[] {
    return this.log;
  }

  onEvent(listener: (event: DemoFlagEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Unleash's `/on` and `/off`: idempotent, and a no-op writes no event. */
  setEnabled(name: string, environment: string, enabled: boolean, actor: string): 'changed' | 'unchanged' | 'not_found' {
    const env = this.flags.get(name)?.environments.find((e) => e.name === environment);
    if (!env) return 'not_found';
    if (env.enabled === enabled) return 'unchanged';
    this.flip(name, environment, enabled, actor, this.now());
    return 'changed';
  }

  /** Unleash's strategy update: like Unleash 8, it does not range-check the rollout. */
  updateRollout(name: string, environment: string, strategyId: string, rollout: string, actor: string): DemoStrategy | undefined {
    const strategy = this.flags.get(name)?.environments.find((e) => e.name === environment)?.strategies.find((s) => s.id === strategyId);
    return strategy ? this.updateStrategy(name, environment, strategyId, { ...strategy, parameters: { ...strategy.parameters, rollout } }, actor) : undefined;
  }

  /** Unleash's PUT/PATCH of a strategy: the new fields replace the old, and the event carries both. */
  updateStrategy(name: string, environment: string, strategyId: string, fields: DemoStrategyFields, actor: string): DemoStrategy | undefined {
    const strategy = this.flags.get(name)?.environments.find((e) => e.name === environment)?.strategies.find((s) => s.id === strategyId);
    if (!strategy) return undefined;
    const preData = structuredClone(strategy);
    Object.assign(strategy, structuredClone(fields));
    this.record({ type: 'feature-strategy-update', createdBy: actor, at: this.now(), featureName: name, environment, data: structuredClone(strategy), preData });
    this.noteShare(name, environment, this.now());
    return strategy;
  }

  /** Unleash's POST of a strategy: added last; it does not turn the environment on. */
  addStrategy(name: string, environment: string, fields: DemoStrategyFields, actor: string): DemoStrategy | undefined {
    const env = this.flags.get(name)?.environments.find((e) => e.name === environment);
    if (!env) return undefined;
    const strategy: DemoStrategy = { id: `${name}:${environment}:${env.strategies.length}`, disabled: false, sortOrder: env.strategies.length, ...structuredClone(fields) };
    env.strategies.push(strategy);
    this.record({ type: 'feature-strategy-add', createdBy: actor, at: this.now(), featureName: name, environment, data: structuredClone(strategy), preData: null });
    this.noteShare(name, environment, this.now());
    return strategy;
  }

  /** Whether the flag was on at `at`, and since when (0 if it never changed). */
  stateAt(name: string, environment: string, at: number): { enabled: boolean; since: number } {
    const history = this.changes.get(`${name}/${environment}`) ?? [];
    let state = { enabled: false, since: 0 };
    for (const change of history) if (change.at <= at) state = { enabled: change.enabled, since: change.at };
    return state;
  }

  /** The share of users (0–100) that had the flag at `at`: off is 0; a gradual rollout its percentage; no strategy or an open one 100. */
  shareAt(name: string, environment: string, at: number): number {
    const history = this.shares.get(`${name}/${environment}`);
    let share: number | undefined;
    for (const change of history ?? []) if (change.at <= at) share = change.share;
    return share ?? 0;
  }

  private shareNow(name: string, environment: string): number {
    const env = this.flags.get(name)?.environments.find((e) => e.name === environment);
    if (!env?.enabled) return 0;
    const open = env.strategies.filter((s) => !s.disabled && s.constraints.length === 0);
    if (env.strategies.length === 0) return 100;
    return Math.max(0, ...open.map((s) => Math.min(100, Number(s.parameters.rollout ?? 100) || 0)));
  }

  private noteShare(name: string, environment: string, at: number) {
    const key = `${name}/${environment}`;
    const known = (this.shares.get(key) ?? []).filter((c) => c.at !== at);
    this.shares.set(key, [...known, { at, share: this.shareNow(name, environment) }].sort((a, b) => a.at - b.at));
  }

  /** A change dated in the past: the incident drill's scripted history (src/demo/drill.ts), which the world's effects follow. */
  flipAt(name: string, environment: string, enabled: boolean, actor: string, at: number) {
    this.flip(name, environment, enabled, actor, at);
  }

  private flip(name: string, environment: string, enabled: boolean, actor: string, at: number) {
    const env = this.flags.get(name)!.environments.find((e) => e.name === environment)!;
    env.enabled = enabled;
    const key = `${name}/${environment}`;
    // Kept in time order: stateAt reads the last change at or before a moment.
    this.changes.set(key, [...(this.changes.get(key) ?? []), { at, enabled }].sort((a, b) => a.at - b.at));
    const type = enabled ? 'feature-environment-enabled' : 'feature-environment-disabled';
    this.record({ type, createdBy: actor, at, featureName: name, environment, data: null, preData: null });
    this.noteShare(name, environment, at);
  }

  private record(event: Omit<DemoFlagEvent, 'id' | 'project' | 'createdAt'> & { at: number }) {
    const { at, ...rest } = event;
    const entry: DemoFlagEvent = { id: this.log.length + 1, project: 'default', createdAt: new Date(at).toISOString(), ...rest };
    this.log.push(entry);
    for (const listener of this.listeners) listener(entry);
  }
}

function seedFlags(count: number, start: number): DemoFlag[] {
  const named: [string, DemoFlag['type'], string][] = [
    [MISBEHAVING_FLAG, 'release', 'New tax calculation in checkout (rolled out this morning)'],
    ['search.suggestions-kill-switch', 'kill-switch', 'Turns off search suggestions to shed load'],
    ['feed.ranking-v2', 'experiment', 'New activity feed ranking, 10% of users'],
    ['images.resizer-dark-launch', 'operational', 'Dark launch: the new resizer runs, its result is thrown away'],
    ['admin.staff-tools', 'permission', 'Staff-only support tools'],
    // One kill switch per service, for the incident pins: off is normal, on sheds the feature.
    ['checkout.kill-tax-engine', 'kill-switch', 'Skips the tax engine and charges the cached rate'],
    ['payments.kill-3ds-challenge', 'kill-switch', 'Skips the 3-D Secure challenge when the issuer is down'],
    ['feed.kill-recommendations', 'kill-switch', 'Serves the feed without recommendations'],
    ['mail.kill-digest-sender', 'kill-switch', 'Stops the daily digest sender'],
    ['checkout.express-pay', 'release', 'Express pay button, staff only while QA signs off'],
    ['search.semantic-ranking', 'experiment', 'Semantic ranking, dark launch: scored and logged, not shown'],
    [RAMPED_RELEASE, 'release', 'New autocomplete backend for search: off in production, to be ramped up by share of users'],
  ];
  const flags = named.map(([name, type, description], i) => flag(name, type, description, i, start));
  for (let i = 1; flags.length < count; i++) {
    // The named flags added with the kill switches and the ramped release take these seven seeded
    // places, so the seeded names stay `<area>.flag-001` … `flag-295` as before (tests search for checkout.flag-290).
    if (count === 300 && i >= 283 && i <= 289) continue;
    const name = `${AREAS[i % AREAS.length]}.flag-${String(i).padStart(3, '0')}`;
    flags.push(flag(name, TYPES[i % TYPES.length]!, `Seeded flag #${i}`, i, start));
  }
  return flags;
}

function flag(name: string, type: DemoFlag['type'], description: string, i: number, start: number): DemoFlag {
  return {
    name,
    type,
    description,
    stale: i % 25 === 0 && i > 0,
    project: 'default',
    tags: [{ type: 'simple', value: name.split('.')[0]! }, ...(type === 'kill-switch' ? [{ type: 'simple', value: 'incident' }] : [])],
    createdAt: new Date(start - (30 + (i % 200)) * 24 * HOUR).toISOString(),
    environments: DEMO_ENVIRONMENTS.map((env) => ({
      name: env,
      // The misbehaving flag starts off in production (its history turns it on), the ramped release too (a ramp turns it on).
      enabled: (name === MISBEHAVING_FLAG || name === RAMPED_RELEASE || name.includes('.kill-')) && env === 'production' ? false : env === 'development' ? i % 3 !== 0 : i % 2 === 0,
      strategies: strategiesFor(name, type, i, env),
    })),
  };
}

function strategiesFor(name: string, type: DemoFlag['type'], i: number, env: string): DemoStrategy[] {
  const strategy = (rollout: number, constraints: DemoConstraint[] = [], dark = false): DemoStrategy => ({
    id: `${name}:${env}:0`,
    name: 'flexibleRollout',
    // The console's dark launch (docs/flags.md): titled dark-launch, every user runs it, the `dark` variant hides its result.
    title: dark ? 'dark-launch' : '',
    parameters: { rollout: String(rollout), stickiness: i % 8 === 0 ? 'userId' : 'default', groupId: name },
    constraints,
    variants: dark ? [{ name: 'dark', weight: 1000, weightType: 'variable', stickiness: 'default' }] : [],
    disabled: false,
    sortOrder: 0,
  });
  if (type === 'kill-switch') return [strategy(100)];
  // A gradual rollout that reaches nobody yet in production: a ramp raises its share step by step.
  if (name === RAMPED_RELEASE) return [strategy(env === 'production' ? 0 : 100)];
  // Staff as the console writes it (a userGroup constraint), and a few the old way, by user id, which reads as staff too.
  if (type === 'permission' || name === 'checkout.express-pay') return [strategy(100, [{ contextName: 'userGroup', operator: 'IN', values: ['staff'] }])];
  if (i % 10 === 1) return [strategy(100, [{ contextName: 'userId', operator: 'IN', values: ['staff-1', 'staff-2'] }])];
  if (name.includes('dark-launch') || name === 'search.semantic-ranking') return [strategy(100, [], true)];
  if (name === 'feed.ranking-v2') return [strategy(10)];
  if (name === MISBEHAVING_FLAG) return [strategy(100)];
  if (i % 4 === 0) return [strategy(ROLLOUTS[i % ROLLOUTS.length]!)];
  return [strategy(100)];
}
