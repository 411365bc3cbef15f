/** One thing the palette can do, found by typing words of its title. */
export interface Command {
  id: string;
  group: 'flag' | 'incident' | 'cursor' | 'range' | 'dashboard' | 'panel' | 'logs' | 'help';
  title: string;
  /** Quieter words after the title: the state now, a shortcut. */
  hint?: string;
  run: () => void;
}

/** Enough to choose from; typing narrows 300 flags to a handful in a word or two. */
const SHOWN = 60;

/**
 * Every word typed must appear in the title (in any order, any case): "tax off" finds "Turn off
 * checkout.new-tax-engine in production". Titles where a word starts a word come first, then
 * shorter titles; ties keep the given order (incident commands before the 300 flags).
 */
export function matchCommands(commands: readonly Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands.slice(0, SHOWN);
  const scored: { command: Command; score: number; i: number }[] = [];
  commands.forEach((command, i) => {
    const title = command.title.toLowerCase();
    if (!words.every((w) => title.includes(w))) return;
    const starts = words.filter((w) => new RegExp(`(^|[^a-z0-9])${escapeRegExp(w)}`).test(title)).length;
    scored.push({ command, score: starts * 1000 - title.length, i });
  });
  return scored
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, SHOWN)
    .map((s) => s.command);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
