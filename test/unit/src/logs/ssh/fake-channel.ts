import { EventEmitter } from 'node:events';

import type { ClientChannel } from 'ssh2';

/** An ssh2 channel as the SSH code uses one: data, stderr notices, and 'close' with the exit status. */
export class FakeChannel extends EventEmitter {
  stderr = new EventEmitter();
  private closed = false;
  data(text: string | Buffer) {
    if (!this.closed) this.emit('data', Buffer.from(text));
  }
  notice(text: string) {
    if (!this.closed) this.stderr.emit('data', Buffer.from(`${text}\n`));
  }
  /** Ends as ssh2 does: the exit status (null: none, a drop) comes with 'close'. */
  finish(code: number | null) {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', code);
  }
  close() {
    this.finish(null);
  }
  get isClosed(): boolean {
    return this.closed;
  }
  asChannel(): ClientChannel {
    return this as unknown as ClientChannel;
  }
}
