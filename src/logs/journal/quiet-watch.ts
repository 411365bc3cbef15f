/**
 * Ends a journal stream that has been quiet for `ms`, so that it is asked again from its cursor.
 * Both journalctl -f and systemd-journal-gatewayd's follow (sd-journal, systemd 252) can sit on
 * entries written while they were starting: they watch the files only after their first read,
 * and such entries show only once another entry is written (measured here: a burst written during
 * a reconnect waited until the next entry came). A connection that died without a word looks
 * quiet too. Asking again costs one request and, resuming by cursor, shows each entry once.
 */
export class QuietWatch {
  private timer: NodeJS.Timeout | undefined;
  /** Whether the stream was ended for being quiet (rather than by the server or the network). */
  fired = false;

  constructor(
    private readonly ms: number,
    private readonly end: () => void,
  ) {
    this.poke();
  }

  /** Something arrived: the quiet starts again from now. */
  poke(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.end();
    }, this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
