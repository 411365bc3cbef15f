export type LateLinesNoteProps = {
  /** Lines that arrived after newer lines of other sources were drawn (`LogWindow.late`). */
  late: number;
  lateByMs: number;
};

/**
 * Says how many lines came late and were put at their time among lines already shown, so a
 * line that appears above what one just read is explained rather than a surprise.
 */
export function LateLinesNote({ late, lateByMs }: LateLinesNoteProps) {
  if (late === 0) return null;
  const one = late === 1;
  return (
    <p className="muted log-late" data-testid="log-late" data-count={late} role="status">
      {`${late.toLocaleString('en')} ${one ? 'line' : 'lines'} came late and ${one ? 'was' : 'were'} put at ${one ? 'its' : 'their'} time, ` +
        `up to ${formatLateness(lateByMs)} behind the newest line shown`}
    </p>
  );
}

/** "0.4 s", "12 s", "3 min". */
function formatLateness(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
