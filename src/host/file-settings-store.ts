import { readFileSync } from 'node:fs';

import { writeFileAtomically } from '../atomic-write';
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
      writeFileAtomically(file, JSON.stringify(settings, null, 2) + '\n');
    },
    keepCopy: () => keepCopyOf(file),
  };
}
