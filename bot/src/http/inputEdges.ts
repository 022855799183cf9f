import type { IncomingMessage } from 'node:http';
import type { Problem } from '@cgm/core';
import { CONTROL_CHARACTER, CONTROL_CHARACTER_PREDICATE, controlCharacterProblem, hasControlCharacter } from '@cgm/core';
import { ApiError } from './apiError.js';

/**
 * The input edges every API route shares, checked before sign-in and before any value reaches
 * SQL: the headers the server reads, the path parameters and the query. A control character
 * there (a NUL byte above all, which PostgreSQL cannot store) is the client's mistake and gets
 * a 400 naming the field, never a 500. Bodies are checked once they are parsed (router.ts).
 */

/** The request headers the API reads: sign-in (Teams token or development user) and the body's type. */
export const READ_HEADERS = ['authorization', 'x-dev-user', 'content-type'] as const;

/**
 * The longest path parameter. An owner is named by UPN (Microsoft Entra: at most 113 characters)
 * or SIP address (`sip:` and the UPN), which core's reference schema caps at 256; a health
 * finding's id is its code, subject and related addresses (up to 25 members), about 3,100.
 * restify's own limit (find-my-way's maxParamLength, 100 by default) sits above this one,
 * so a longer parameter gets this sentence rather than a 404.
 */
export const MAX_PATH_PARAMETER_LENGTH = 4096;
export const ROUTER_MAX_PARAM_LENGTH = 16 * 1024;

function refuse(where: 'headers' | 'path' | 'query', problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ApiError('validation-failed', `The request ${where} ${where === 'headers' ? 'are' : 'is'} not valid.`, problems);
}

/** A name with a control character is shown escaped, so the message stays on one line and readable. */
const shown = (name: string) => (hasControlCharacter(name) ? JSON.stringify(name) : name);

export function checkEdges(request: IncomingMessage, params: Readonly<Record<string, string>>, query: URLSearchParams): void {
  refuse(
    'headers',
    READ_HEADERS.filter((name) => hasControlCharacter(String(request.headers[name] ?? ''))).map((name) => ({
      code: CONTROL_CHARACTER,
      path: name,
      message: `The ${name} header ${CONTROL_CHARACTER_PREDICATE}.`,
    })),
  );
  refuse(
    'path',
    Object.entries(params).flatMap(([name, value]): Problem[] => {
      if (value.length > MAX_PATH_PARAMETER_LENGTH) return [{ code: 'too-long', path: name, message: `${name} is too long: at most ${MAX_PATH_PARAMETER_LENGTH} characters.` }];
      return hasControlCharacter(value) ? [controlCharacterProblem(name)] : [];
    }),
  );
  refuse(
    'query',
    [...query].flatMap(([name, value]) => (hasControlCharacter(name) || hasControlCharacter(value) ? [controlCharacterProblem(shown(name))] : [])),
  );
}
