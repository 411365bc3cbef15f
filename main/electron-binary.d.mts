// Types for electron-binary.mjs, which runs uncompiled under `npm start`, for the TypeScript tests that import it.
export interface LocateOptions {
  env?: Record<string, string | undefined>;
  /** The electron package's folder; defaults to the one installed in node_modules. */
  packageDir?: string | null;
}

export type ElectronLocation = { binary: string; missing: null } | { binary: null; missing: string };

export function electronPackageDir(): string | null;
export function locateElectron(options?: LocateOptions): ElectronLocation;
export function findElectronBinary(options?: LocateOptions): string | null;
