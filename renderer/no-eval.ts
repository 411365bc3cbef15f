/**
 * zod 4 probes `new Function('')` when the first object schema is built, to compile fast parsers.
 * Our CSP (script-src 'self') blocks it, so the probe only buys a CSP violation report on every
 * load. Setting `jitless` before any contract module runs skips the probe. zod reads its config
 * from this global (zod/v4/core/core.js), which lets the renderer do it without importing zod.
 * Must be main.tsx's first import. The cleaner home is src/contract (`z.config({ jitless: true })`),
 * which is not the renderer's to change.
 */
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };

export {};
