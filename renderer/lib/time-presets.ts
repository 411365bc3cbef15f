import type { Settings } from '../../src/contract/wire-types';

/** The relative ranges the picker and the Settings drawer offer; 30 d is the settings schema's maximum. */
export const RANGE_PRESETS: readonly { minutes: number; label: string }[] = [
  { minutes: 15, label: '15 m' },
  { minutes: 60, label: '1 h' },
  { minutes: 180, label: '3 h' },
  { minutes: 360, label: '6 h' },
  { minutes: 720, label: '12 h' },
  { minutes: 1440, label: '24 h' },
  { minutes: 10080, label: '7 d' },
  { minutes: 43200, label: '30 d' },
];

export const REFRESH_PRESETS: readonly { seconds: Settings['autoRefreshSeconds']; label: string }[] = [
  { seconds: 0, label: 'off' },
  { seconds: 10, label: '10 s' },
  { seconds: 30, label: '30 s' },
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
];

/** How long a guarded ramp may hold each step: from a quick demo to a careful half hour. */
export const HOLD_PRESETS: readonly { seconds: number; label: string }[] = [
  { seconds: 15, label: '15 s' },
  { seconds: 30, label: '30 s' },
  { seconds: 60, label: '1 min' },
  { seconds: 120, label: '2 min' },
  { seconds: 300, label: '5 min' },
  { seconds: 600, label: '10 min' },
  { seconds: 900, label: '15 min' },
  { seconds: 1_800, label: '30 min' },
];

export function refreshPreset(seconds: number): Settings['autoRefreshSeconds'] | undefined {
  return REFRESH_PRESETS.find((r) => r.seconds === seconds)?.seconds;
}
