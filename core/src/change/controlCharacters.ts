import type { Problem } from '../model/result.js';

/**
 * Control characters at the input edges. A NUL byte cannot be stored in PostgreSQL text (the
 * query fails) and the others break cmdlet lines and logs, so every edge (query, path, header,
 * body and card data) refuses them with a problem naming the field, before anything reads them.
 * Free text (a reason an approver types in a multi-line box) may keep its line breaks and tabs.
 */

export const CONTROL_CHARACTER = 'control-character';

const ANY_CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u;

export interface ControlCharacterOptions {
  /** Allow tab, line feed and carriage return (multi-line free text). */
  readonly allowLineBreaks?: boolean;
}

/** U+0000–U+001F, U+007F and U+0080–U+009F (Unicode's Cc), optionally minus tab and line breaks. */
export function hasControlCharacter(value: string, options: ControlCharacterOptions = {}): boolean {
  return (options.allowLineBreaks ? CONTROL_BUT_LINE_BREAKS : ANY_CONTROL).test(value);
}

/** The sentence every control-character problem ends with, after the field's name. */
export const CONTROL_CHARACTER_PREDICATE = 'contains a control character (such as a line break or tab); remove it';

export function controlCharacterProblem(path: string): Problem {
  return { code: CONTROL_CHARACTER, path, message: `${path === '' ? 'The request body' : path} ${CONTROL_CHARACTER_PREDICATE}.` };
}

/**
 * Every string in a parsed JSON value (object keys included) that holds a control character,
 * as problems whose paths read like zodProblems' (`targets[3]`, `forwarding.target`).
 */
export function controlCharacterProblems(value: unknown, options: ControlCharacterOptions = {}, path = ''): Problem[] {
  if (typeof value === 'string') return hasControlCharacter(value, options) ? [controlCharacterProblem(path)] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => controlCharacterProblems(item, options, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const keyPath = path === '' ? key : `${path}.${key}`;
    // A key with a control character is named by its escaped form, so the message stays on one line.
    if (hasControlCharacter(key)) return [controlCharacterProblem(path === '' ? JSON.stringify(key) : `${path}[${JSON.stringify(key)}]`)];
    return controlCharacterProblems(item, options, keyPath);
  });
}
