import { constants, copyFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Copies `file` beside itself as `<name>.kept-<UTC time><ext>` (never over an earlier copy), for
 * the moment a file that was not read in full is about to be replaced. Null when there is no file.
 */
export function keepCopyOf(file: string, now = Date.now()): string | null {
  const { dir, name, ext } = path.parse(file);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  for (let n = 1; ; n++) {
    const copy = path.join(dir, `${name}.kept-${stamp}${n > 1 ? `-${n}` : ''}${ext}`);
    try {
      copyFileSync(file, copy, constants.COPYFILE_EXCL);
      return copy;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'ENOENT') return null;
      throw error;
    }
  }
}
