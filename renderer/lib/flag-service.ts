/** Where a flag's harm shows first: keys are namespaced by service, so `checkout.new-tax-engine` belongs to `checkout`. */
export function flagService(key: string): string {
  return key.split(/[.:/]/)[0] ?? key;
}
