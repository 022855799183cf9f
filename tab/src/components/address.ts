/** An address as people read it: no `sip:` prefix. */
export const shortAddress = (ref: string): string => ref.replace(/^sip:/i, '');
