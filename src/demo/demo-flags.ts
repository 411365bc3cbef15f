import { pick } from './noise';

// The demo flag service's database, in Unleash 8's own shapes (features with environments and
// flexibleRollout strategies, an event log with increasing ids), so the demo Unleash server can
// serve it as is and the real Unleash adapter cannot tell the difference.

export interface DemoConstraint {
  contextName: string;
  operator: 'IN';
  values: string[];
}

export interface DemoStrategy {
  id: string;
  name: 'flexibleRollout';
  parameters: { rollout: string; stickiness: string; groupId: string };
  constraints: DemoConstraint[];
  variants: [];
  disabled: boolean;
  sortOrder: number;
}

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
  environments: DemoFlagEnvironment[];
}

export interface DemoFlagEvent {
  id: number;
  type: 'feature-environment-enabled' | 'feature-environment-disabled' | 'feature-strategy-update';
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
  private readonly listeners = new Set<(event: DemoFlagEvent) => void>();

  constructor(
    private readonly now: () => number,
    count = 300,
  ) {
    const start = now();
    for (const flag of seedFlags(count, start)) this.flags.set(flag.name, flag);
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
    if (!strategy) return undefined;
    const preData = structuredClone(strategy);
    strategy.parameters.rollout = rollout;
    this.record({ type: 'feature-strategy-update', createdBy: actor, at: this.now(), featureName: name, environment, data: structuredClone(strategy), preData });
    return strategy;
  }

  /** Whether the flag was on at `at`, and since when (0 if it never changed). */
  stateAt(name: string, environment: string, at: number): { enabled: boolean; since: number } {
    const history = this.changes.get(`${name}/${environment}`) ?? [];
    let state = { enabled: false, since: 0 };
    for (const change of history) if (change.at <= at) state = { enabled: change.enabled, since: change.at };
    return state;
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
  ];
  const flags = named.map(([name, type, description], i) => flag(name, type, description, i, start));
  for (let i = 1; flags.length < count; i++) {
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
    createdAt: new Date(start - (30 + (i % 200)) * 24 * HOUR).toISOString(),
    environments: DEMO_ENVIRONMENTS.map((env) => ({
      name: env,
      // The misbehaving flag starts off in production: its history turns it on.
      enabled: name === 'checkout.new-tax-engine' && env === 'production' ? false : env === 'development' ? i % 3 !== 0 : i % 2 === 0,
      strategies: strategiesFor(name, type, i, env),
    })),
  };
}

function strategiesFor(name: string, type: DemoFlag['type'], i: number, env: string): DemoStrategy[] {
  const strategy = (rollout: number, constraints: DemoConstraint[] = []): DemoStrategy => ({
    id: `${name}:${env}:0`,
    name: 'flexibleRollout',
    parameters: { rollout: String(rollout), stickiness: i % 8 === 0 ? 'userId' : 'default', groupId: name },
    constraints,
    variants: [],
    disabled: false,
    sortOrder: 0,
  });
  if (type === 'permission' || i % 10 === 1) return [strategy(100, [{ contextName: 'userId', operator: 'IN', values: ['staff-1', 'staff-2'] }])];
  if (name === 'feed.ranking-v2') return [strategy(10)];
  if (name === MISBEHAVING_FLAG) return [strategy(100)];
  if (i % 4 === 0) return [strategy(ROLLOUTS[i % ROLLOUTS.length]!)];
  return [strategy(100)];
}
