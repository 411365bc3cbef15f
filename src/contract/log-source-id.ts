// A journal's hosts are log sources of their own, with ids made from the journal source's:
// `central@web-1`. A definition's id never has an `@` (backend-definitions.ts), so the two never
// clash, and a pick of the journal (made before its hosts showed up) still finds them.

export function hostSourceId(sourceId: string, host: string): string {
  return `${sourceId}@${host}`;
}

/** Whether the source `id` is what a pick of `picked` means now: that source, or one of its hosts. */
export function isPartOf(id: string, picked: string): boolean {
  return id === picked || id.startsWith(`${picked}@`);
}
