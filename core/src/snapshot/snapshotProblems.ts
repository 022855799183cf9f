import type { z } from 'zod';
import type { Problem } from '../model/result.js';
import { BAD_VALUE } from './snapshotFields.js';

/**
 * The problems a rejected snapshot reports: zod issues turned into short phrases at
 * JSON paths (`users[3].SipAddress: not a SIP URI`), capped so that a file broken on
 * every line still gives a readable answer.
 */

/** The codes of snapshot problems; stable, so tools may match on them. */
export type SnapshotProblemCode =
  | 'invalid-json'
  | 'required'
  | 'wrong-type'
  | 'not-allowed'
  | 'bad-value'
  | 'unsupported-version'
  | 'duplicate'
  | 'problems-omitted';

/** At most this many problems are listed; one more problem then says how many were left out. */
export const MAX_SNAPSHOT_PROBLEMS = 100;

/** The problem at the document root uses this path. */
export const ROOT_PATH = '$';

/** `['users', 3, 'SipAddress']` becomes `users[3].SipAddress`; the empty path is `$`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? ROOT_PATH : text;
}

/** The one line the CLI prints for a problem: `users[3].SipAddress: not a SIP URI`. */
export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}`;
}

/** Build a snapshot problem. */
export function snapshotProblem(code: SnapshotProblemCode, path: string, message: string): Problem {
  return { code, path, message };
}

const withArticle = (noun: string): string => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

/**
 * One zod issue as a problem. Needs the issue's `input` (parse with `reportInput: true`)
 * to tell a missing property (`required`) from one of the wrong type.
 */
export function problemFromIssue(issue: z.core.$ZodIssue): Problem {
  const path = formatPath(issue.path);
  // A missing property reaches a type, literal or enum check as undefined: JSON has no undefined values.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) return snapshotProblem('required', path, 'required');
  switch (issue.code) {
    case 'invalid_type':
      return snapshotProblem('wrong-type', path, `expected ${withArticle(issue.expected)}`);
    case 'invalid_value': {
      const values = issue.values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
      const message = values.length === 1 ? `expected ${values[0] ?? ''}` : `expected one of ${values.join(', ')}`;
      return snapshotProblem('not-allowed', path, message);
    }
    case 'invalid_format':
      return snapshotProblem('bad-value', path, issue.format === 'datetime' ? 'not an ISO-8601 date-time with a time zone' : `not a valid ${issue.format}`);
    case 'custom': {
      const code = issue.params?.['code'];
      return snapshotProblem(code === 'unsupported-version' ? code : BAD_VALUE, path, issue.message);
    }
    default:
      return snapshotProblem('bad-value', path, issue.message);
  }
}

/** Keep the first `max` problems and say how many more there were. */
export function capProblems(problems: readonly Problem[], max = MAX_SNAPSHOT_PROBLEMS): readonly Problem[] {
  if (problems.length <= max) return problems;
  const omitted = problems.length - max;
  return [
    ...problems.slice(0, max),
    snapshotProblem('problems-omitted', ROOT_PATH, `${omitted} more problem${omitted === 1 ? '' : 's'} not shown`),
  ];
}
