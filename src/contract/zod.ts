import { z } from 'zod';

// zod 4 compiles fast object parsers with `new Function`, which the renderer's CSP
// (script-src 'self') forbids: its probe alone files a CSP violation on every load. Every
// contract module takes `z` from here, so this runs before the first schema is built.
z.config({ jitless: true });

export { z };
