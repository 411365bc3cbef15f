import type { FlagEnvironment, FlagSetting } from '../../../src/contract/wire-types';

/** What a switch shows: off, or on for whom. The filter, the switch label and the guard all speak this. */
export type FlagState = 'off' | 'on' | 'percentage' | 'staff' | 'dark';
export const FLAG_STATES: readonly FlagState[] = ['off', 'on', 'percentage', 'staff', 'dark'];

export function stateOf(setting: FlagSetting): FlagState {
  if (!setting.enabled) return 'off';
  return setting.audience === 'everyone' ? 'on' : setting.audience;
}

/** Only the switch's own fields: an environment from the list carries its name and kind too. */
export function settingOf({ enabled, audience, rolloutPercent }: FlagSetting | FlagEnvironment): FlagSetting {
  return { enabled, audience, rolloutPercent };
}

export function sameSetting(a: FlagSetting, b: FlagSetting): boolean {
  return a.enabled === b.enabled && a.audience === b.audience && a.rolloutPercent === b.rolloutPercent;
}

/**
 * The setting a state asks for, keeping what it can of `from`: turning a 25 % rollout off and on
 * again brings back 25 %, as Unleash keeps the strategy while the environment is off.
 */
export function settingFor(state: FlagState, from: FlagSetting, percent: number | null): FlagSetting {
  switch (state) {
    case 'off':
      // Off keeps the rollout for later, clamped: a backend holding 150 % must still be turned off.
      return { enabled: false, audience: from.audience, rolloutPercent: from.audience === 'percentage' ? clampPercent(from.rolloutPercent) : null };
    case 'on':
      return { enabled: true, audience: 'everyone', rolloutPercent: null };
    case 'percentage':
      return { enabled: true, audience: 'percentage', rolloutPercent: percent ?? from.rolloutPercent ?? 0 };
    case 'staff':
    case 'dark':
      return { enabled: true, audience: state, rolloutPercent: null };
  }
}

const clampPercent = (percent: number | null) => Math.min(100, Math.max(0, Math.round(percent ?? 0)));

const percentText = (percent: number | null) => (percent !== null && Number.isFinite(percent) ? `${percent} %` : '? %');

/** The opposite of what the switch shows, as one click on it means. */
export function toggled(setting: FlagSetting): FlagSetting {
  return setting.enabled ? settingFor('off', setting, null) : { ...setting, enabled: true };
}

/** The switch's word: ON, OFF, 25 %, STAFF, DARK. */
export function switchLabel(setting: FlagSetting): string {
  const state = stateOf(setting);
  if (state === 'percentage') return percentText(setting.rolloutPercent);
  return state.toUpperCase();
}

/** Who sees it, for the blast radius: "25 % of users", "staff only", "nobody (dark launch)". */
export function reach(setting: FlagSetting): string {
  switch (stateOf(setting)) {
    case 'off':
      return '0 %';
    case 'on':
      return '100 % of users';
    case 'percentage':
      return `${percentText(setting.rolloutPercent)} of users`;
    case 'staff':
      return 'staff only';
    case 'dark':
      return 'nobody (dark launch)';
  }
}

/** "production · 25 % of users → 0 %": where a flip lands and how many people it touches. */
export function blastRadius(environment: string, before: FlagSetting, after: FlagSetting): string {
  return `${environment} · ${reach(before)} → ${reach(after)}`;
}

/** "on for 25 % of users": a setting in a sentence (the audit log, a conflict). */
export function describeSetting(setting: FlagSetting | null): string {
  if (setting === null) return 'unknown';
  const state = stateOf(setting);
  return state === 'off' ? 'off' : `on for ${reach(setting)}`;
}

/** The UI's own check of a target (Unleash accepts a rollout of 150 %); null when it may be sent. */
export function targetProblem(setting: FlagSetting): string | null {
  if (setting.audience !== 'percentage') return null;
  const percent = setting.rolloutPercent;
  if (percent === null || !Number.isInteger(percent) || percent < 0 || percent > 100) return 'A share of users is a whole number from 0 to 100.';
  return null;
}
