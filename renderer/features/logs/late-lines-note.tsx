import { LATE_AFTER_MS } from './log-window';

export type LateLinesNoteProps = {
  /** Lines that arrived more than `LATE_AFTER_MS` behind the newest line drawn (`LogWindow.late`). */
  late: number;
  lateByMs: number;
};

/**
 * Says how many lines came late and were put at their time among lines already shown, so a
 * line that appears above what one just read is explained rather than a surprise. Ordinary
 * bursts (within `LATE_AFTER_MS` of the live end) are not counted: the note says "over 1 s" so
 * the number means what it says.
 */
export function LateLinesNote({ late, lateByMs }: LateLinesNoteProps) {
  if (late === 0) return null;
  const one = late === 1;
  return (
    <p className="muted log-late" data-testid="log-late" data-count={late} role="status">
      {`${late.toLocaleString('en')} ${one ? 'line' : 'lines'} came over ${formatLateness(LATE_AFTER_MS)} late and ${one ? 'was' : 'were'} put at ${one ? 'its' : 'their'} time, ` +
        `up to ${formatLateness(lateByMs)} behind the newest line shown`}
    </p>
  );
}

/** "1 s", "2.4 s", "12 s", "3 min". */
function formatLateness(ms: number): string {
  if (ms < 10_000) return `${Number((ms / 1000).toFixed(1))} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
