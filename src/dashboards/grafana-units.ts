// Grafana unit ids → the unit strings our panels print after a value. An id not listed is kept as
// is: it still tells the reader more than nothing, and they can edit it before saving.
const UNITS: Record<string, string> = {
  short: '',
  none: '',
  percent: '%',
  ms: 'ms',
  s: 's',
  reqps: 'req/s',
  bytes: 'B',
};

export function fromGrafanaUnit(unit: string | undefined): string {
  if (unit === undefined) return '';
  return UNITS[unit] ?? unit;
}
