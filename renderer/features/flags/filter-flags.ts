import type { Flag } from '../../../src/contract/wire-types';

export type StateFilter = 'any' | 'on' | 'off';

export interface FlagFilter {
  text: string;
  /** On or off in `stateEnvironment`. */
  state: StateFilter;
  type: Flag['type'] | 'any';
}

export const noFilter: FlagFilter = { text: '', state: 'any', type: 'any' };

export function isFiltering(filter: FlagFilter): boolean {
  return filter.text.trim() !== '' || filter.state !== 'any' || filter.type !== 'any';
}

/**
 * The flags that match, in list order. Every word of the search must appear in the key or the
 * description, case-insensitively: "checkout tax" finds `checkout.new-tax-engine`. Runs on every
 * keystroke in the browser; 300 flags take well under a millisecond, so no request, no debounce.
 */
export function filterFlags(flags: readonly Flag[], filter: FlagFilter, stateEnvironment: string | undefined): Flag[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return flags.filter((flag) => {
    if (filter.type !== 'any' && flag.type !== filter.type) return false;
    if (filter.state !== 'any') {
      const enabled = flag.environments.find((e) => e.name === stateEnvironment)?.enabled;
      if (enabled !== (filter.state === 'on')) return false;
    }
    if (words.length === 0) return true;
    const haystack = `${flag.key}\n${flag.description}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/**
 * The environment columns, production first: it is the one an incident is about. The rest keep
 * the flag service's order.
 */
export function environmentsOf(flags: readonly Flag[]): string[] {
  const seen = new Set<string>();
  for (const flag of flags) for (const env of flag.environments) seen.add(env.name);
  const names = [...seen];
  const production = names.find((n) => /^prod(uction)?$/i.test(n));
  return production ? [production, ...names.filter((n) => n !== production)] : names;
}
