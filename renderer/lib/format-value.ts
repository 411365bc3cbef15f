/**
 * A reading with its unit, at a precision a person can compare at a glance: whole numbers from
 * 100 up, two decimals below (error rates of 0.42 % must not round to 0).
 */
export function formatValue(v: number, unit = ''): string {
  const abs = Math.abs(v);
  const text = abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : v.toFixed(2);
  return unit ? `${text} ${unit}` : text;
}
