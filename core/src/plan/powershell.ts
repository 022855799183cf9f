import type { Problem, Result } from '../model/result.js';
import { fail, ok } from '../model/result.js';
import type { MembershipDetailValue, SettingsWrite, SettingsWriteValue } from './settingsWrite.js';
import { parameterSpecs, validateSettingsWrite } from './settingsWrite.js';

/**
 * PowerShell text for admins. Every value is a single-quoted literal, in which
 * PowerShell expands nothing (`$x`, `$(…)`, backticks stay text); the only special
 * characters inside are the single quotes, which PowerShell's tokenizer recognises as
 * U+0027 and the typographic U+2018, U+2019, U+201A, U+201B, each escaped by doubling.
 * Control characters (line breaks included) are refused rather than encoded: no valid
 * SIP address, object id or phone number contains one, and a refused value cannot end
 * a statement or turn a comment into code. Enum values are written bare only after an
 * allow-list check (`validateSettingsWrite`).
 */

/** The renderer was asked for text it cannot make safe; `problems` says which value. Callers that take tenant data should use `renderWriteLines`, which returns them instead. */
export class PowerShellRenderError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'PowerShellRenderError';
    this.problems = problems;
  }
}

/** Every character PowerShell treats as a single quote (System.Management.Automation CharExtensions.IsSingleQuote). */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/** A UTF-16 surrogate without its pair is not a character, and is lost when the script is saved as UTF-8. */
function isLoneSurrogate(value: string, index: number): boolean {
  const code = value.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = value.charCodeAt(index + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = value.charCodeAt(index - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/** Why a string cannot be written as a PowerShell literal, or undefined when it can. */
export function powerShellStringProblem(value: string): string | undefined {
  for (let index = 0; index < value.length; index += 1) {
    if (isControl(value.charCodeAt(index))) return 'contains a line break or another control character';
    if (isLoneSurrogate(value, index)) return 'contains an unpaired UTF-16 surrogate';
  }
  return undefined;
}

/**
 * `O'Brien` becomes `'O''Brien'`; `$(Remove-Item)` becomes `'$(Remove-Item)'` (inert).
 * Throws `PowerShellRenderError` for a value with control characters.
 */
export function quotePowerShellString(value: string): string {
  const reason = powerShellStringProblem(value);
  if (reason) throw new PowerShellRenderError([{ code: 'unsafe-string', path: 'value', message: `The value ${reason}.` }]);
  return `'${value.replace(SINGLE_QUOTES, (quote) => quote + quote)}'`;
}

/** A line comment that stays one line: control characters become spaces, unpaired surrogates U+FFFD. */
export function powerShellComment(text: string): string {
  let clean = '';
  for (let index = 0; index < text.length; index += 1) {
    if (isControl(text.charCodeAt(index))) clean += ' ';
    else if (isLoneSurrogate(text, index)) clean += '\uFFFD';
    else clean += text[index];
  }
  return `# ${clean}`.trimEnd();
}

const MEMBERSHIP_TYPE = '[Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.ICallGroupMembershipDetails]';

function renderMembership(detail: MembershipDetailValue): string {
  // The typed hashtable form of the cmdlet reference (Set-CsUserCallingSettings, Example 8).
  return `${MEMBERSHIP_TYPE}@{CallGroupOwnerId = ${quotePowerShellString(detail.CallGroupOwnerId)}; NotificationSetting = ${quotePowerShellString(detail.NotificationSetting)}}`;
}

function renderValue(value: SettingsWriteValue, bare: boolean): string {
  if (value === null) return '$null';
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'string') return bare ? value : quotePowerShellString(value);
  const items = (value as readonly (string | MembershipDetailValue)[]).map((item) =>
    typeof item === 'string' ? quotePowerShellString(item) : renderMembership(item),
  );
  return `@(${items.join(', ')})`;
}

function stringsOf(write: SettingsWrite): { path: string; value: string }[] {
  const found: { path: string; value: string }[] = [{ path: 'identity', value: write.identity }];
  for (const [name, value] of Object.entries(write.parameters)) {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    items.forEach((item) => {
      if (typeof item === 'string') found.push({ path: `parameters.${name}`, value: item });
      else if (item && typeof item === 'object') for (const inner of Object.values(item)) if (typeof inner === 'string') found.push({ path: `parameters.${name}`, value: inner });
    });
  }
  return found;
}

/** One write as one cmdlet line, or the problems that keep it from being rendered safely. */
export function renderWriteLine(write: SettingsWrite): Result<string> {
  const problems = [...validateSettingsWrite(write)];
  for (const { path, value } of stringsOf(write)) {
    const reason = powerShellStringProblem(value);
    if (reason) problems.push({ code: 'unsafe-string', path, message: `The value ${reason}; it is not written into a script.` });
  }
  if (problems.length > 0) return fail(problems);
  const specs = parameterSpecs(write.cmdlet, write.parameterSet) ?? {};
  const parts = [write.cmdlet, '-Identity', quotePowerShellString(write.identity)];
  for (const [name, value] of Object.entries(write.parameters)) {
    parts.push(`-${name}`, renderValue(value, specs[name]?.kind.kind === 'enum'));
  }
  return ok(parts.join(' '));
}

/** Every write as a cmdlet line, or every problem of every write (path prefixed with the write's index). */
export function renderWriteLines(writes: readonly SettingsWrite[]): Result<string[]> {
  const lines: string[] = [];
  const problems: Problem[] = [];
  writes.forEach((write, index) => {
    const line = renderWriteLine(write);
    if (line.ok) lines.push(line.value);
    else problems.push(...line.problems.map((p) => ({ ...p, path: `[${index}].${p.path}` })));
  });
  return problems.length > 0 ? fail(problems) : ok(lines);
}

export interface RenderPowerShellOptions {
  /** Comment lines above the steps (split on line breaks; each becomes a `#` line). */
  readonly header?: string;
}

/**
 * A script: the optional header as comments, then per step a comment with its reason and
 * the cmdlet line. Throws `PowerShellRenderError` when a write is malformed or a value
 * cannot be made safe; use `renderWriteLines` first to get those as problems.
 */
export function renderPowerShell(writes: readonly SettingsWrite[], options: RenderPowerShellOptions = {}): string {
  const lines = renderWriteLines(writes);
  if (!lines.ok) throw new PowerShellRenderError(lines.problems);
  const out: string[] = [];
  if (options.header !== undefined) out.push(...options.header.split(/\r\n|\r|\n/).map(powerShellComment), '');
  lines.value.forEach((line, index) => {
    out.push(powerShellComment(`Step ${index + 1}: ${writes[index]?.reason ?? ''}`), line);
  });
  return `${out.join('\n')}\n`;
}
