// Vitest global setup: says once, before any test runs, which suites this machine cannot run for
// want of a tool from `npm run setup:tools` (those suites are skipped, never silently passed).
import console from 'node:console';
import { missingTools, missingToolsNotice } from '../scripts/tools.mjs';

export default function toolsNotice(): void {
  const notice = missingToolsNotice(missingTools());
  if (notice !== null) console.warn(notice);
}
