import type { LogFollower } from '../../backends/backend-set';
import { BackendUnavailableError } from '../../errors';
import { collect, pump } from './channel-io';
import { freshPosition, LineAssembler, OVERLAP, OverlapCheck, resumeFrom } from './line-assembler';
import type { FilePosition } from './line-assembler';
import { followOverSsh } from './ssh-follow-loop';
import type { SshAttempt, SshHostAccess } from './ssh-follow-loop';
import type { LogHostSession } from './ssh-session';

export interface SshTailOptions extends SshHostAccess {
  /** The log's name as the wrapper knows it: `app` for /var/log/app/app.log. */
  name: string;
  /** How much of the recent past to show on start. */
  initialBytes: number;
}

// GNU tail's notices (coreutils 9.x) when `-F` moves to a new file under the same name.
const NEW_FILE = /has (?:been replaced|appeared);\s+following new file$/;
const TRUNCATED = /: file truncated$/;

/**
 * Follows one log over SSH with `tail -c +N -F`, counting the bytes of whole lines it has handed
 * on, so a dropped connection resumes at exactly the next line: nothing lost, nothing doubled.
 * A resume first proves the file is still the same one (its last 64 bytes read again); when it
 * was rotated meanwhile, the rest of the old file is read from `<name>.1`, and if even that is
 * impossible an explicit gap is reported instead of a silent skip.
 */
export function startSshTail(options: SshTailOptions, follower: LogFollower): () => void {
  const { name, now } = options;
  let position: FilePosition | null = null;
  /** The inode of the file `position` is in, when known: tells a rotation even at byte 0. */
  let followed: string | null = null;
  let switches = 0;

  /** Follows from `position` (verifying the overlap first); 'replaced' when the file there is another one. */
  const followFrom = async ({ session: open, live }: SshAttempt, at: FilePosition, skipToLine: boolean): Promise<'replaced' | 'ended'> => {
    const overlap = new OverlapCheck(at.tail);
    const channel = await open.run({ kind: 'follow', name, from: resumeFrom(at) });
    live();
    const assembler = new LineAssembler(at, (chunk) => follower.onLines(chunk));
    let replaced = false;
    let skipping = skipToLine;
    const end = await pump(
      channel,
      (received) => {
        let data = overlap.take(received);
        if (overlap.refuted && !replaced) {
          replaced = true;
          channel.close();
        }
        if (skipping && data.length > 0) {
          // A start inside the file starts inside a line: the bytes up to the first \n are skipped.
          const newline = data.indexOf(0x0a);
          const skipped = newline < 0 ? data : data.subarray(0, newline + 1);
          at.offset += skipped.length;
          at.tail = Buffer.concat([at.tail, skipped]).subarray(-OVERLAP);
          skipping = newline < 0;
          data = data.subarray(skipped.length);
        }
        if (data.length > 0) assembler.push(data);
      },
      (notice) => {
        if (!NEW_FILE.test(notice) && !TRUNCATED.test(notice)) return;
        if (!overlap.proven) {
          // Rotated between `list` and this tail's start: tail opened the new file, found it shorter
          // than the start ("file truncated") and went back to its byte 0. The old file is in .1.
          replaced = true;
          channel.close();
          return;
        }
        // Tail has read the old file to its end (it polls until it stops changing) and starts the new one at byte 0.
        assembler.finish();
        at.offset = 0;
        at.tail = Buffer.alloc(0);
        followed = null;
        const generation = ++switches;
        void listFiles(open)
          .then((files) => switches === generation && (followed = files.get(`${name}.log`)?.inode ?? null))
          .catch(() => undefined);
        if (TRUNCATED.test(notice)) follower.onGap({ from: null, until: now(), reason: `${name} was truncated: lines written just before may be missing` });
      },
    );
    assembler.drop();
    if (replaced) return 'replaced';
    if (end.code !== null && end.code !== 0) throw new BackendUnavailableError(`The log host ended the tail of ${name} (exit ${end.code}): ${end.stderr || 'no reason given'}`);
    return 'ended';
  };

  /**
   * After a rotation while disconnected: the rest of the old file from `<name>.1`, or an explicit
   * gap. `rotatedIsOurs`: what the inodes say (null when unknown: then the overlap decides).
   */
  const drainRotated = async ({ session: open, downSince }: SshAttempt, at: FilePosition, rotatedIsOurs: boolean | null = null): Promise<void> => {
    if (rotatedIsOurs === false) {
      follower.onGap({ from: downSince, until: now(), reason: `${name} was rotated while disconnected and the rest of the old file could not be read (${name}.log.1 is another file)` });
    } else if (at.offset > 0 || rotatedIsOurs) {
      const overlap = new OverlapCheck(at.tail);
      const channel = await open.run({ kind: 'rotated-rest', name, from: resumeFrom(at) });
      const assembler = new LineAssembler(at, (chunk) => follower.onLines(chunk));
      const end = await pump(channel, (received) => {
        const data = overlap.take(received);
        if (overlap.refuted) channel.close();
        else if (data.length > 0) assembler.push(data);
      });
      if (end.code === null && !overlap.refuted) {
        // The connection dropped while reading: what was shown is counted, the rest comes after the reconnect.
        assembler.drop();
        throw new BackendUnavailableError(`The connection was lost while reading ${name}.log.1.`);
      }
      if (overlap.proven && end.code === 0) assembler.finish();
      else {
        const why = !overlap.refuted && end.code !== 0 ? end.stderr || `exit ${end.code}` : `${name}.log.1 is another file`;
        follower.onGap({ from: downSince, until: now(), reason: `${name} was rotated while disconnected and the rest of the old file could not be read (${why})` });
      }
    }
    position = freshPosition();
    followed = null;
  };

  const runOnce = async (attempt: SshAttempt): Promise<void> => {
    const files = await listFiles(attempt.session);
    const current = files.get(`${name}.log`);
    let skipToLine = false;
    if (!position) {
      // One byte before the window: when it is a \n, the window's first line is whole and kept.
      const start = Math.max(0, (current?.size ?? 0) - options.initialBytes - 1);
      position = freshPosition(start);
      skipToLine = start > 0;
      followed = current?.inode ?? null;
    } else {
      // The file being read was renamed away (another inode under the name) or is shorter now.
      const moved = followed !== null && current?.inode !== followed;
      if (moved || (position.offset > 0 && (current?.size ?? -1) < position.offset)) {
        const rotated = files.get(`${name}.log.1`)?.inode;
        await drainRotated(attempt, position, moved && rotated !== undefined ? rotated === followed : null);
        followed = current?.inode ?? null;
      }
    }
    while ((await followFrom(attempt, position, skipToLine)) === 'replaced') {
      skipToLine = false;
      await drainRotated(attempt, position);
    }
  };

  return followOverSsh({ ...options, resumesFrom: () => `from byte ${position?.offset ?? 0}` }, follower, runOnce);
}

interface ListedFile {
  size: number;
  /** Absent from a wrapper older than the inode column. */
  inode: string | undefined;
}

/** `list`: lines of `name<TAB>size<TAB>mtime<TAB>inode`. Throws when cut short, which would make the log look rotated. */
async function listFiles(open: LogHostSession): Promise<Map<string, ListedFile>> {
  const listing = await collect(await open.run({ kind: 'list' }));
  if (listing.code !== 0) throw new BackendUnavailableError(`The log host could not list its logs (${listing.stderr || 'the connection was lost'}).`);
  const files = new Map<string, ListedFile>();
  for (const line of listing.stdout.split('\n')) {
    const [file, size, , inode] = line.split('\t');
    if (file && size && /^\d+$/.test(size)) files.set(file, { size: Number(size), inode: inode && /^\d+$/.test(inode) ? inode : undefined });
  }
  return files;
}
