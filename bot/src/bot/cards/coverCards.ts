import { z } from 'zod';
import { COVER_STATUSES, resolveZone } from '@cgm/core';
import type { AdaptiveCard, CardElement } from './cardElements.js';
import { actionRow, card, execute, heading, plain, section, text } from './cardElements.js';

/**
 * The cards of covers ("cover while I'm away"): to the covering people at the start and the
 * end, to the owner at the start, a day before the end (Extend, End now), at the end and when it
 * failed, and to the owner and approvers when the end is held. A card reads the cover as the
 * notice carried it, in the reader's time zone; the same input is what a held notice stores, so
 * it renders the same when it is released.
 */

export const COVER_CARD_KIND = 'cover';
export const COVER_EVENTS = ['started', 'ended', 'endingSoon', 'held', 'failed'] as const;
export type CoverEvent = (typeof COVER_EVENTS)[number];
export type CoverRole = 'owner' | 'covering' | 'approver';

/** Everything a cover card shows; stored as a held notice's payload, so plain JSON checked with zod when read back. */
export const coverCardInputSchema = z.object({
  event: z.enum(COVER_EVENTS),
  role: z.enum(['owner', 'covering', 'approver']),
  /** IANA zone the reader's dates are shown in (their preference, else UTC). */
  zone: z.string(),
  cover: z.object({
    id: z.string(),
    status: z.enum(COVER_STATUSES),
    ownerSip: z.string(),
    endsAt: z.string(),
    covering: z.array(z.string()),
    heldReason: z.string().nullable(),
    failure: z.string().nullable(),
    notes: z.array(z.string()),
    extensionEndsAt: z.string().nullable(),
  }),
  names: z.record(z.string(), z.string()),
  /** What the covering reader does during the cover, one sentence each ("You are in Alex Wilber's call group."). */
  parts: z.array(z.string()),
  /** After a click: what it did, or why not. */
  outcome: z.string().optional(),
  /** After a click: the buttons are gone (the cover is ending), or stay (a refusal). */
  settled: z.boolean().optional(),
});
export type CoverCardInput = z.infer<typeof coverCardInputSchema>;

const nameIn = (names: Readonly<Record<string, string>>, sip: string) => plain(names[sip] ?? sip.replace(/^sip:/i, ''));

/** "3 January at 18:00" in the reader's zone ("… 18:00 UTC" when that is all we know). */
export function untilText(iso: string, zone: string): string {
  const resolved = resolveZone(zone);
  const shown = new Intl.DateTimeFormat('en-GB', { timeZone: resolved, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return resolved === 'UTC' ? `${shown} UTC` : shown;
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'nobody';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function headingOf(input: CoverCardInput): string {
  const owner = nameIn(input.names, input.cover.ownerSip);
  const until = untilText(input.cover.endsAt, input.zone);
  const covering = list(input.cover.covering.map((sip) => nameIn(input.names, sip)));
  if (input.outcome !== undefined) return `Your cover: ${covering} until ${until}`;
  switch (input.event) {
    case 'started':
      return input.role === 'covering' ? `You now pick up ${owner}'s calls until ${until}` : `Your cover has started: ${covering} until ${until}`;
    case 'ended':
      return input.role === 'covering' ? `You no longer pick up ${owner}'s calls` : 'Your cover has ended';
    case 'endingSoon':
      return `Your cover ends tomorrow, ${until}`;
    case 'held':
      return input.role === 'approver' ? `The end of ${owner}'s cover is held` : 'The end of your cover is held';
    case 'failed':
      return 'Your cover could not start';
  }
}

function detailsOf(input: CoverCardInput): CardElement[] {
  const { cover } = input;
  const covering = list(cover.covering.map((sip) => nameIn(input.names, sip)));
  const lines: CardElement[] = input.parts.map((part) => text(plain(part)));
  if (input.event === 'endingSoon' && input.outcome === undefined) lines.push(text(`${covering} pick${cover.covering.length === 1 ? 's' : ''} up your calls until then. Extend it by a week, or end it now.`));
  if (input.event === 'started' && input.role === 'owner') lines.push(text('It ends by itself then, taking back only what it changed; anything else you change meanwhile stays.'));
  // After a click the outcome says it already.
  if (cover.extensionEndsAt && input.outcome === undefined) lines.push(text(`An extension to ${untilText(cover.extensionEndsAt, input.zone)} waits for an approver.`, { isSubtle: true }));
  if (cover.heldReason && (input.event === 'held' || input.outcome !== undefined)) {
    lines.push(section([text(plain(cover.heldReason)), text(input.role === 'approver' ? 'The cover stays active until the owner changes that setting and ends it again.' : 'The cover stays active: change that setting, then end the cover now.')], 'warning'));
  }
  if (cover.failure && input.event === 'failed') lines.push(section([text(plain(cover.failure))], 'attention'));
  // What the start or end found or took back ("Adele Vance was already removed").
  if (input.event === 'ended' || input.event === 'held') lines.push(...cover.notes.map((note) => text(plain(note), { isSubtle: true, spacing: 'Small' })));
  return lines;
}

/** The owner may extend or end an active cover; after a click that ended it, nothing is left to press. */
function actionsOf(input: CoverCardInput): CardElement[] {
  if (input.role !== 'owner' || input.cover.status !== 'active' || input.settled) return [];
  if (input.event === 'endingSoon' || input.outcome !== undefined) {
    // An extension already waiting for an approver is not asked for twice.
    const extend = input.cover.extensionEndsAt ? [] : [execute('Extend by a week', 'cover.extend', input.cover.id, 'positive')];
    return [actionRow([...extend, execute('End now', 'cover.end', input.cover.id)])];
  }
  return input.event === 'held' ? [actionRow([execute('End now', 'cover.end', input.cover.id)])] : [];
}

/** One cover notice, as its reader sees it. */
export function coverCard(input: CoverCardInput): AdaptiveCard {
  const title = headingOf(input);
  const outcome = input.outcome === undefined ? [] : [section([text(plain(input.outcome))], input.settled ? 'good' : 'emphasis')];
  return card({ body: [heading(title), ...outcome, ...detailsOf(input), ...actionsOf(input)], fallbackText: title });
}

/** The `pending` command's lines for a person's covers: each with its people, status and end in their zone. */
export function coverListElements(covers: readonly { readonly cover: CoverCardInput['cover']; readonly names: Readonly<Record<string, string>> }[], zone: string): CardElement[] {
  if (covers.length === 0) return [];
  return [
    heading('Your covers'),
    ...covers.map(({ cover, names }) => {
      const who = list(cover.covering.map((sip) => nameIn(names, sip)));
      return text(`**${who}**: ${cover.status}, until ${untilText(cover.endsAt, zone)}`);
    }),
  ];
}
