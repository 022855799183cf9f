import { z } from 'zod';
import type { Problem, Result } from '../model/result.js';
import { fail, ok } from '../model/result.js';
import type { Tenant } from '../model/tenant.js';
import { findDuplicates } from './snapshotIntegrity.js';
import { capProblems, problemFromIssue, ROOT_PATH, snapshotProblem } from './snapshotProblems.js';
import { readSnapshotBody } from './snapshotFastPath.js';
import { snapshotBodySchema } from './snapshotSchema.js';

/**
 * Reading a `cgm.tenant-snapshot` (docs/tenant-snapshot.md) into the tenant model.
 * A file is accepted whole or rejected whole: a rejected file returns every problem
 * found (shape, values and duplicates together, capped at MAX_SNAPSHOT_PROBLEMS),
 * each at its JSON path, and nothing of it is used.
 */

/** The `format` every snapshot names, so a stray JSON file is not mistaken for one. */
export const SNAPSHOT_FORMAT = 'cgm.tenant-snapshot';
/** The version this build writes. */
export const SNAPSHOT_VERSION = 1;
/** The versions this build reads. */
export const SUPPORTED_SNAPSHOT_VERSIONS: readonly number[] = [SNAPSHOT_VERSION];

const headerSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.number().refine((version) => SUPPORTED_SNAPSHOT_VERSIONS.includes(version), {
    error: (issue) => `unsupported version ${String(issue.input)}; this build reads version ${SUPPORTED_SNAPSHOT_VERSIONS.join(', ')}`,
    params: { code: 'unsupported-version' },
  }),
});

/** The body schema with the hand-written fast path in front; zod's runtime parser reports what it rejects. */
const bodySchema = z.withParser(snapshotBodySchema, readSnapshotBody);

const PARSE_OPTIONS = { reportInput: true } as const;

const issuesToProblems = (issues: readonly z.core.$ZodIssue[]): Problem[] => issues.map(problemFromIssue);

/**
 * Validate a parsed JSON value as a snapshot and return the tenant with every default
 * applied. Unknown properties are ignored; anything malformed rejects the whole file.
 *
 * A wrong `format` or `version` is reported alone: the rest of such a document
 * follows some other contract, and checking it against v1 would only add noise.
 */
export function parseSnapshot(value: unknown): Result<Tenant> {
  const header = headerSchema.safeParse(value, PARSE_OPTIONS);
  if (!header.success) return fail(issuesToProblems(header.error.issues));

  const body = bodySchema.safeParse(value, PARSE_OPTIONS);
  const problems = body.success ? [] : issuesToProblems(body.error.issues);
  for (const duplicate of findDuplicates(value)) problems.push(duplicate);
  if (problems.length > 0 || !body.success) return fail(capProblems(problems));
  return ok(body.data);
}

/** PowerShell 5.1's `Out-File -Encoding utf8` starts the file with a byte order mark, which JSON.parse refuses. */
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Parse snapshot text (what `cgm scan <file>` reads). Invalid JSON is one problem at
 * `$` with the JSON parser's own message, which says where it stopped.
 */
export function parseSnapshotText(text: string): Result<Tenant> {
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return fail([snapshotProblem('invalid-json', ROOT_PATH, `invalid JSON: ${error.message}`)]);
  }
  return parseSnapshot(value);
}
