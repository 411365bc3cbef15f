/** Which entries of a journal a source shows: by unit or by syslog identifier, or all of them. */
export interface JournalMatch {
  units: readonly string[];
  identifiers: readonly string[];
}

/** journalctl's own rule: a unit named without its type (`checkout`) is a service (`checkout.service`). */
export function unitName(name: string): string {
  return name.includes('.') ? name : `${name}.service`;
}

/** The match with every unit named in full, as the wrapper and the gateway are asked. */
export function journalMatch(def: JournalMatch): JournalMatch {
  return { units: def.units.map(unitName), identifiers: [...def.identifiers] };
}

/** What the source is called on each line: `checkout.service`, `sshd, cron`, or `journal` for all of it. */
export function matchName(match: JournalMatch): string {
  const names = [...match.units, ...match.identifiers];
  return names.length === 0 ? 'journal' : names.join(', ');
}
