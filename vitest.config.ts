import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run against core's TypeScript source, so a change in core needs no rebuild to be tested.
    alias: { '@cgm/core': fileURLToPath(new URL('./core/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['core/src/**/*.test.ts', 'bot/src/**/*.test.ts', 'tab/src/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts', 'appPackage/tools/**/*.test.ts', 'infra/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Names, once, the suites this machine cannot run (no pwsh, no bicep) and how to enable them.
    globalSetup: ['e2e/toolsNotice.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
