// How a finished remote command is read off an ssh2 channel. Through a jump host the output, the
// exit status and the close often arrive in one read, before the reader is attached: a listing
// read that way must not look like a lost connection (which made the source reconnect, again
// and again, instead of following).
import { PassThrough } from 'node:stream';

import type { ClientChannel } from 'ssh2';
import { describe, expect, it } from 'vitest';

import { collect } from '../../../../../src/logs/ssh/channel-io';
import { rememberSecret } from '../../../../../src/secret-mask';

/** A channel as ssh2 builds one: a stream with a stderr stream, 'exit' when the status packet is parsed, 'close' (with the status) once the output is read. */
function finishedChannel(stdout: string, stderr: string, status: number | null) {
  const channel = Object.assign(new PassThrough(), { stderr: new PassThrough() });
  channel.end(stdout);
  channel.stderr.end(stderr);
  channel.emit('exit', status); // nobody listens yet: it is gone
  channel.once('end', () => channel.emit('close', status));
  return channel as unknown as ClientChannel;
}

describe('reading a command that already finished', () => {
  it('has its output and exit status, although both arrived before anyone listened', async () => {
    const end = await collect(finishedChannel('app.log\t42\t1700000000\t7\n', '', 0));
    expect(end).toEqual({ code: 0, stderr: '', stdout: 'app.log\t42\t1700000000\t7\n' });
  });

  it('has the refusal the wrapper wrote, with its status', async () => {
    const end = await collect(finishedChannel('', 'denied: not a log name\n', 2));
    expect(end).toMatchObject({ code: 2, stderr: 'denied: not a log name', stdout: '' });
  });

  it('says there was no exit status when the channel closed without one (a drop)', async () => {
    const end = await collect(finishedChannel('partial', '', null));
    expect(end.code).toBeNull();
  });
});

describe("what a log host's complaint may quote", () => {
  it('masks every known secret before cutting the text short, so a cut secret shows none of its start', async () => {
    // A wrapper or a login script that prints its environment, say: a secret this command never carried.
    const secret = 'ssh-passphrase-e41b9c7d';
    rememberSecret(secret);
    for (let pad = 285; pad <= 300; pad++) {
      const end = await collect(finishedChannel('', `${'x'.repeat(pad)}${secret} and more\n`, 1));
      expect(end.stderr.length, `cut at ${pad}`).toBeLessThanOrEqual(300);
      expect(end.stderr, `cut at ${pad}`).not.toContain('ssh-pass');
    }
    expect((await collect(finishedChannel('', `denied: ${secret}\n`, 2))).stderr).toBe('denied: [redacted]');
  });
});
