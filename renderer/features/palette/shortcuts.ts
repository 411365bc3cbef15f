/**
 * The keyboard map, in one place so the help overlay and the handler cannot disagree. Where a
 * convention exists it is followed: Ctrl/Cmd+K for commands (VS Code, Slack, Grafana 10), `?` for
 * help and `t` for time (Grafana), `/` to search (lnav, less, vim), Escape to back out. `/`, `P`
 * and `u` belong to the switchboard and the graphs (their own handlers); they are listed here so
 * the help shows every key.
 */
export const SHORTCUTS: [keys: string, what: string][] = [
  ['Ctrl+K / ⌘K', 'Command palette: flags by name, "turn off … in production", panels, dashboards, log sources, time ranges, the incident'],
  ['t', 'Time cursor mode: ← → move it by 10 s (Shift: 1 min), Enter shows what changed then (on an anomaly, in the incident layout) and focuses the suspect flag, Esc leaves'],
  ['/', 'Find a flag: the switchboard search (lnav\'s key for search)'],
  ['P', 'The switchboard\'s incident pins: pinned flags and kill switches first, focus on the first switch'],
  ['u / Backspace', 'Graphs: back to the range shown before a zoom'],
  ['i', 'Start an incident at the time cursor, or add a note to the open one'],
  ['Shift+F10 / right-click', 'On a flip marker (or its row in a "+N" tick\'s list): the inverse flip, pre-filled and guarded'],
  ['Esc', 'Close a dialog (focus returns where it was); on the graphs, clear the time cursor'],
  ['?', 'This help'],
];

/** The graphs' step at Graphite's finest retention: the cursor lands on whole points. */
export const CURSOR_STEP_MS = 10_000;

/**
 * Where `t` puts the cursor first, and the furthest the arrows take it: the newest whole point,
 * which in an incident is where the trouble is, but never past the newest reading the graphs
 * have (`drawn`), where no anomaly could be found.
 */
export function latestPoint(now: number, drawn: number | null): number {
  const whole = Math.floor((now - CURSOR_STEP_MS) / CURSOR_STEP_MS) * CURSOR_STEP_MS;
  return drawn === null ? whole : Math.min(whole, drawn);
}
