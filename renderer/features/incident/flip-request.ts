import type { Flag, FlagSetting } from '../../../src/contract/wire-types';

/** What a user asked for from a marker, the suspect offer or the palette: a flag in an environment, on, off or back. */
export interface FlipRequest {
  key: string;
  environment: string;
  /** `inverse`: the opposite of its state now (undo a flip from its marker). */
  intent: 'on' | 'off' | 'inverse';
}

export interface PlannedFlip {
  expected: FlagSetting;
  to: { enabled: boolean; audience: FlagSetting['audience']; rolloutPercent: number | null };
  production: boolean;
}

/**
 * The flip as the core is asked for it: only on/off changes; who gets the flag (audience, share of
 * users) stays as the user saw it, so turning a 25 % rollout off and on again is the same 25 %.
 */
export function planFlip(flag: Flag, request: FlipRequest): PlannedFlip | null {
  const env = flag.environments.find((e) => e.name === request.environment);
  if (!env) return null;
  const expected: FlagSetting = { enabled: env.enabled, audience: env.audience, rolloutPercent: env.rolloutPercent };
  const enabled = request.intent === 'inverse' ? !env.enabled : request.intent === 'on';
  const rolloutPercent = env.audience === 'percentage' ? Math.round(env.rolloutPercent ?? 0) : null;
  return { expected, to: { enabled, audience: env.audience, rolloutPercent }, production: env.production };
}

/** "everyone", "25 % of users", "staff only", "dark launch (nobody sees it)": who a flip reaches. */
export function audienceWords(setting: Pick<FlagSetting, 'audience' | 'rolloutPercent'>): string {
  switch (setting.audience) {
    case 'everyone':
      return 'everyone';
    case 'percentage':
      return `${setting.rolloutPercent ?? 0} % of users`;
    case 'staff':
      return 'staff only';
    case 'dark':
      return 'dark launch (runs, nobody sees it)';
  }
}
