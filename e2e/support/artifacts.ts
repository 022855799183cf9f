import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { z } from 'zod';

/**
 * Test artifacts of the browser tests: screenshots and logs under `e2e/artifacts/<area>/`
 * (ignored by git), so a person can look at what the test saw, and CI can keep them.
 */
export const ARTIFACTS_ROOT = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** One folder per test area (`playground`, `tab`): lower-case words and dashes, never a path. */
const areaName = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an area is lower-case words joined by dashes');
/** A file in an area: `01-installed.png`, `server.log`; no folders, no hidden files. */
const fileName = z.string().regex(/^[a-z0-9][a-z0-9-]*\.[a-z0-9]+$/, 'a file name is lower-case words joined by dashes, with an extension');

export interface ArtifactFolder {
  /** The folder's absolute path. */
  readonly dir: string;
  /** The absolute path of a file in the folder. */
  path(name: string): string;
  /** A screenshot of the page as it is now (the viewport, or the whole page with `fullPage`). */
  screenshot(page: Page, name: string, options?: { readonly fullPage?: boolean }): Promise<string>;
  writeText(name: string, text: string): Promise<string>;
}

/**
 * The artifact folder of one test area, emptied first so that it shows the last run only
 * (a screenshot left over from an earlier run would describe a step that did not happen).
 */
export async function artifactFolder(area: string): Promise<ArtifactFolder> {
  const dir = join(ARTIFACTS_ROOT, areaName.parse(area));
  await mkdir(dir, { recursive: true });
  await Promise.all((await readdir(dir)).map((entry) => rm(join(dir, entry), { recursive: true, force: true })));
  const path = (name: string) => join(dir, fileName.parse(name));
  return {
    dir,
    path,
    async screenshot(page, name, options = {}) {
      const file = path(name);
      await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
      return file;
    },
    async writeText(name, text) {
      const file = path(name);
      await writeFile(file, text, 'utf8');
      return file;
    },
  };
}
