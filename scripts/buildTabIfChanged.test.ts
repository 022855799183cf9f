import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INPUTS, staleReason } from './build-tab-if-changed.mjs';

/** A checkout in a temp folder: every input of the tab at `inputsAt`, and (when `builtAt` is given) a built tab/dist. */
function checkout(root: string, inputsAt: Date, builtAt?: Date): void {
  const touch = (path: string, at: Date) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), at, at);
  };
  for (const input of INPUTS) {
    if (input.endsWith('/src')) {
      touch(`${input}/index.ts`, inputsAt);
      utimesSync(join(root, input), inputsAt, inputsAt);
    } else touch(input, inputsAt);
  }
  if (builtAt) touch('tab/dist/index.html', builtAt);
}

const EARLIER = new Date('2026-12-01T10:00:00Z');
const LATER = new Date('2026-12-01T11:00:00Z');

describe('build-tab-if-changed', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cgm-tab-build-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds on the first start of a fresh clone, which has no tab/dist', () => {
    checkout(root, EARLIER);
    expect(staleReason({ root })).toBe('tab/dist does not exist yet');
  });

  it('skips Vite when tab/dist is newer than every input', () => {
    checkout(root, EARLIER, LATER);
    expect(staleReason({ root })).toBeUndefined();
  });

  it('rebuilds when a core source file changed after the last build, since the tab bundles core', () => {
    checkout(root, EARLIER, LATER);
    const later = new Date(LATER.getTime() + 1000);
    utimesSync(join(root, 'core/src/index.ts'), later, later);
    expect(staleReason({ root })).toBe('core/src changed since the last build');
  });

  it('rebuilds when a tab source file was deleted after the last build (its folder is newer)', () => {
    checkout(root, EARLIER, LATER);
    unlinkSync(join(root, 'tab/src/index.ts'));
    const later = new Date(LATER.getTime() + 1000);
    utimesSync(join(root, 'tab/src'), later, later);
    expect(staleReason({ root })).toBe('tab/src changed since the last build');
  });

  it('rebuilds when the lockfile changed (a new dependency version)', () => {
    checkout(root, EARLIER, LATER);
    const later = new Date(LATER.getTime() + 1000);
    utimesSync(join(root, 'package-lock.json'), later, later);
    expect(staleReason({ root })).toBe('package-lock.json changed since the last build');
  });

  it('rebuilds when asked with --force, whatever the dates', () => {
    checkout(root, EARLIER, LATER);
    expect(staleReason({ root, force: true })).toBe('asked with --force');
  });
});
