import type { ClientChannel } from 'ssh2';

import { excerpt } from '../../backends/error-body';

export interface ChannelEnd {
  /** The remote command's exit status; null when the channel closed without one (a drop). */
  code: number | null;
  /** Its last stderr text (the wrapper's "denied: …", tail's "cannot open …"), as a message may quote it: secrets masked, cut short. */
  stderr: string;
}

/**
 * Feeds a channel's stdout to `onData` and each whole stderr line to `onNotice`, resolving when
 * the channel closes. Closing early (`channel.close()`) resolves the same way.
 */
export function pump(channel: ClientChannel, onData: (data: Buffer) => void, onNotice: (line: string) => void = () => undefined): Promise<ChannelEnd> {
  return new Promise((resolve) => {
    let partial = '';
    let last = '';
    channel.on('data', onData);
    channel.stderr.on('data', (data: Buffer) => {
      const lines = (partial + data.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        last = line;
        onNotice(line);
      }
    });
    // The status comes with 'close', not from 'exit': ssh2 emits 'exit' as soon as the packet is
    // parsed, which can be before this runs (output, exit status and close arriving in one read,
    // as they do through a jump host), while 'close' waits until the buffered output is read.
    channel.once('close', (status: unknown) => resolve({ code: typeof status === 'number' ? status : null, stderr: excerpt((partial || last).trim()) }));
  });
}

export type Collected = ChannelEnd & { stdout: string };

/** All of a short command's output (the `list`). */
export async function collect(channel: ClientChannel): Promise<Collected> {
  const parts: Buffer[] = [];
  const end = await pump(channel, (data) => parts.push(data));
  return { ...end, stdout: Buffer.concat(parts).toString('utf8') };
}
