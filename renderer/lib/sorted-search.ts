/** Index of the first element ≥ `value` in an ascending array (length when none). */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the element closest to `value`, or -1 for an empty array. */
export function nearestIndex(sorted: readonly number[], value: number): number {
  if (sorted.length === 0) return -1;
  const i = lowerBound(sorted, value);
  if (i === 0) return 0;
  if (i === sorted.length) return i - 1;
  return value - sorted[i - 1]! <= sorted[i]! - value ? i - 1 : i;
}
