import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

import { keepCopyOf } from '../config/keep-copy';
import type { SettingsStore } from '../config/settings';

/** Browser mode's settings: one JSON file, replaced atomically so a crash mid-save never leaves half a file. */
export function createFileSettingsStore(file: string): SettingsStore {
  return {
    location: file,
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      return JSON.parse(text) as unknown;
    },
    save(settings) {
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      const fd = openSync(temporary, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(settings, null, 2) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, file);
    },
    keepCopy: () => keepCopyOf(file),
  };
}
