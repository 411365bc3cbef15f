/**
 * At most `max` SSH handshakes with one sshd at a time. sshd drops unauthenticated connections
 * past its MaxStartups (default 10:30:100: from the 10th on, 30 % are refused), so a blip that
 * sent every connection back at once would have some refused; these wait their turn instead.
 */
export class HandshakeLimiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly max: number) {}

  /** Resolves with the function that gives the turn back (call it when the login is done, however it went). */
  async acquire(): Promise<() => void> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.queue.push(resolve)); // the turn is handed over, `active` unchanged
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    };
  }
}
