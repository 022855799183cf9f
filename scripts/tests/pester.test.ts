import { describe, expect, it } from 'vitest';
import { pesterUnavailable, runPester } from './pester.mjs';

/**
 * The Pester tests of scripts/ (the Teams worker, its Functions app, the export script) under
 * vitest, so `npm test` runs them wherever `npm run setup:tools` installed pwsh and Pester.
 * Skipped otherwise (pesterUnavailable() in pester.mjs says why); the missing-tools notice
 * (e2e/toolsNotice.ts) names the suite and how to enable it.
 */
const PESTER_UNAVAILABLE = pesterUnavailable();

describe.skipIf(PESTER_UNAVAILABLE !== null)('Pester: the PowerShell scripts against the stand-in MicrosoftTeams module', () => {
  it('passes every Pester test', async () => {
    const summary = await runPester({ verbosity: 'None' });
    expect(summary.failures).toEqual([]);
    expect(summary.failed).toBe(0);
    // Five files of tests: a run that found far fewer did not run them all.
    expect(summary.passed).toBeGreaterThanOrEqual(60);
    expect(summary.exitCode).toBe(0);
  }, 300_000);
});
