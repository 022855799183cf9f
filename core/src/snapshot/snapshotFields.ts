import { z } from 'zod';
import { isPhoneLike, isSipLike, normalizePhone } from '../model/identity.js';

/**
 * The field types of a `cgm.tenant-snapshot`, as zod schemas. Each one says what the
 * cmdlets print for that kind of value and what the snapshot contract accepts, and
 * carries the short message a problem shows (`not a SIP URI`). Records are put
 * together from these in `snapshotSchema.ts`.
 */

/** The `params.code` a refinement puts on its issue, so problems get a stable code. */
export const BAD_VALUE = 'bad-value';

const isNotBlank = (value: string): boolean => value.trim() !== '';

/** A required string that must hold something: identities, names, references. */
export const text = () => z.string().refine(isNotBlank, { message: 'must not be empty', params: { code: BAD_VALUE } });

/** An optional string the cmdlets may print as null. */
export const nullableText = () => z.string().nullable().default(null);

/**
 * A display name: missing or null (ConvertTo-Json's empty) means the record's UPN,
 * which the owning record fills in with `withDisplayName`.
 */
export const displayName = nullableText;

/** Fill a missing display name in with the UPN, in place: the object is zod's fresh output, and keeping its shape keeps property access fast. */
export function withDisplayName<TRecord extends { DisplayName: string | null; UserPrincipalName: string }>(record: TRecord) {
  return Object.assign(record, { DisplayName: record.DisplayName ?? record.UserPrincipalName });
}

/** A list of non-empty strings; a missing list is empty. */
export const textList = () => z.array(text()).default(() => []);

/** A boolean with the documented default when the property is missing. */
export const flag = (defaultValue: boolean) => z.boolean().default(defaultValue);

/**
 * Get-CsUserCallingSettings prints IsForwardingEnabled and IsUnansweredEnabled as
 * "bool or empty" (teams-calling-facts.md section 1); ConvertTo-Json turns empty into
 * null, and an empty switch is off.
 */
export const emptyableFlag = () =>
  z
    .boolean()
    .nullable()
    .overwrite((value) => value ?? false)
    .pipe(z.boolean())
    .default(false);

/**
 * The value a spelling means, looked up case-insensitively (`inorder` is `InOrder`);
 * undefined for a value not in the list.
 */
export function spellingOf<const TValue extends string>(values: readonly TValue[]): (input: string) => TValue | undefined {
  const byLowerCase = new Map<string, TValue>(values.map((value) => [value.toLowerCase(), value] as const));
  return (input) => {
    // The exact spelling is by far the common case: a few string compares answer it without hashing or allocating a lower-cased copy.
    for (const value of values) if (value === input) return value;
    return byLowerCase.get(input.toLowerCase());
  };
}

/*
 * Normalising steps use `overwrite` (same type in and out) where they can, so the
 * schema's output types stay the model's types without casts.
 */

/**
 * A case-insensitive enum, normalised to the spelling the cmdlets print. PowerShell
 * compares strings case-insensitively, so a hand-edited `inorder` means `InOrder`
 * to Teams and must mean the same here.
 */
export function choice<const TValue extends string>(values: readonly TValue[]) {
  const spelling = spellingOf(values);
  return z
    .string()
    .overwrite((value) => spelling(value) ?? value)
    .pipe(z.enum(values as readonly [TValue, ...TValue[]]));
}

/** An optional enum the cmdlets print as empty when unset; null and `""` both mean unset. */
export function optionalChoice<const TValue extends string>(values: readonly TValue[]) {
  const spelling = spellingOf(values);
  return z
    .string()
    .nullable()
    .overwrite((value) => (value === null || value === '' ? null : (spelling(value) ?? value)))
    .pipe(z.enum(values as readonly [TValue, ...TValue[]]).nullable())
    .default(null);
}

/** A SIP URI or bare `user@domain` (the `sip:` prefix is optional on input, see identity.ts). */
export const sipUri = () => z.string().refine(isSipLike, { message: 'not a SIP URI', params: { code: BAD_VALUE } });

/**
 * An optional phone number (`tel:+…`, `+…` or a short extension). Get-CsOnlineUser
 * prints an unassigned LineUri as empty, which means no number, not a bad one.
 */
export const optionalPhone = () =>
  z
    .string()
    .nullable()
    .overwrite((value) => (value === null || value.trim() === '' ? null : value))
    .refine((value) => value === null || isPhoneLike(value), { message: 'not a phone number', params: { code: BAD_VALUE } })
    .default(null);

/** A phone number in a list (a policy's emergency numbers). */
export const phone = () => z.string().refine(isPhoneLike, { message: 'not a phone number', params: { code: BAD_VALUE } });

const E164 = /^(tel:)?\+[1-9]\d{1,14}(;ext=\d{1,10})?$/i;

/** True for `+digits` (1 to 15 digits, no leading 0) with an optional `;ext=`, `tel:` accepted. */
export const isE164 = (value: string): boolean => E164.test(value.trim());

/** An E.164 number, `tel:` accepted and dropped, as Get-CsPhoneNumberAssignment prints TelephoneNumber. */
export const e164 = () =>
  z
    .string()
    .refine(isE164, { message: 'not an E.164 number (+digits)', params: { code: BAD_VALUE } })
    .overwrite(normalizePhone);

/** An ISO 3166 alpha-2 code, normalised to upper case (`us` becomes `US`). */
export const countryCode = () =>
  z
    .string()
    .refine((value) => /^[a-z]{2}$/i.test(value), { message: 'not a two-letter country code', params: { code: BAD_VALUE } })
    .overwrite((value) => value.toUpperCase());

/** The syntax `parseDelaySeconds` (rules/limits.ts) reads; a test keeps the two in step. `test` allocates no match. */
export const DELAY_SYNTAX = /^\s*\d{2}:[0-5]\d:[0-5]\d\s*$/;

/**
 * UnansweredDelay as `hh:mm:ss`. Only the syntax is checked here: a well-formed delay
 * Teams does not offer (00:00:25) is a finding (CG15), not a broken file.
 */
export const delay = () => z.string().refine((value) => DELAY_SYNTAX.test(value), { message: 'not a hh:mm:ss delay', params: { code: BAD_VALUE } });

/** An ISO-8601 date-time with a zone (`Z` or `+01:00`), any fraction of a second (PowerShell prints seven digits). */
export const dateTime = () => z.iso.datetime({ offset: true });
