/**
 * Identity normalisation, as the snapshot contract defines it. Teams accepts the same
 * person as a SIP URI (any case, with or without `sip:`), a UPN or an object id, the
 * same number with or without `tel:`, and the same policy as `Tag:Name` or `Name`.
 * Every comparison in the product goes through these functions.
 */

/** `Alex@Contoso.com` and `SIP:alex@contoso.com` both become `sip:alex@contoso.com`. */
export function normalizeSip(value: string): string {
  const trimmed = value.trim().toLowerCase();
  return trimmed.startsWith('sip:') ? trimmed : `sip:${trimmed}`;
}

/** True when the value looks like a SIP URI or bare address (`user@domain`). */
export function isSipLike(value: string): boolean {
  return /^(sip:)?[^\s@:;]+@[^\s@:;]+$/i.test(value.trim());
}

/**
 * `tel:+14255550100;ext=12` becomes `+14255550100;ext=12`: the `tel:` prefix is
 * dropped and the `+digits` part (with any `;ext=` suffix) is the number.
 */
export function normalizePhone(value: string): string {
  const trimmed = value.trim();
  const withoutScheme = /^tel:/i.test(trimmed) ? trimmed.slice(4) : trimmed;
  return withoutScheme.replace(/;ext=/i, ';ext=');
}

/** E.164 with an optional extension, or a short internal extension such as `1234`. */
export function isPhoneLike(value: string): boolean {
  return /^(tel:)?(\+[1-9]\d{1,14}(;ext=\d{1,10})?|\d{2,10})$/i.test(value.trim());
}

/** The display form of a policy name: `Tag:Seattle` becomes `Seattle`; null, empty and `Global` become `Global`. */
export function policyDisplayName(name: string | null | undefined): string {
  const trimmed = (name ?? '').trim();
  const withoutTag = /^tag:/i.test(trimmed) ? trimmed.slice(4) : trimmed;
  if (withoutTag === '' || withoutTag.toLowerCase() === 'global') return 'Global';
  return withoutTag;
}

/** The comparison key of a policy name: case-insensitive, without `Tag:`. */
export function policyKey(name: string | null | undefined): string {
  return policyDisplayName(name).toLowerCase();
}

/** The comparison keys a user reference (target, owner id, delegate id) may match: lower-cased as written, and as a SIP URI. */
export function userRefKey(value: string): string {
  return value.trim().toLowerCase();
}
