import { z } from 'zod';

/**
 * Imported first by main.tsx, before any schema is built. zod compiles object parsers with
 * `new Function` when eval is allowed and probes for it otherwise; the tab's
 * Content-Security-Policy forbids eval (script-src 'self', see bot/src/http/tabHeaders.ts), so
 * the probe would only report a violation. Jitless parsing is the same parsing without it.
 */
z.config({ jitless: true });
