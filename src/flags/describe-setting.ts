import type { FlagSetting } from '../contract/wire-types';

/** "on for 25 % of users", "off", "on for staff only": a setting in the words the switch shows. */
export function describeSetting(setting: FlagSetting): string {
  if (!setting.enabled) return 'off';
  switch (setting.audience) {
    case 'everyone':
      return 'on for everyone';
    case 'percentage':
      return `on for ${setting.rolloutPercent ?? '?'} % of users`;
    case 'staff':
      return 'on for staff only';
    case 'dark':
      return 'on as a dark launch';
  }
}

/**
 * Whether the flag service now holds what was asked. Off is off whatever audience it keeps for
 * the next time it is on; on must match in audience and, for a rollout, in share.
 */
export function settingMatches(asked: FlagSetting, read: FlagSetting): boolean {
  if (asked.enabled !== read.enabled) return false;
  if (!asked.enabled) return true;
  return asked.audience === read.audience && (asked.audience !== 'percentage' || asked.rolloutPercent === read.rolloutPercent);
}
