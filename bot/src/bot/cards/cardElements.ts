// The template engine alone: the package's index also declares JSONSchemaCard, whose types import
// adaptivecards' TypeScript sources, which do not compile under this project's settings.
import { Template } from 'adaptivecards-templating/lib/template-engine.js';

/**
 * The small vocabulary every card is built from: Adaptive Cards 1.5 as plain JSON, the
 * version Teams renders. Builders are pure functions of plain data; nothing here knows
 * about botbuilder, the database or the clock.
 */

/** One element or action of a card, as JSON. */
export type CardElement = Readonly<Record<string, unknown>>;

/** An Adaptive Card as sent to Teams. */
export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardElement[];
  readonly refresh?: { readonly action: CardElement; readonly userIds: readonly string[] };
  readonly fallbackText?: string;
}

/**
 * Every verb a card can send back. Action.Execute data is `{ verb, id }` only: ids of what
 * the click is about, never state the server would have to trust.
 */
export const CARD_VERBS = [
  'refresh',
  'approve',
  'reject',
  'notify.ring',
  'notify.banner',
  'notify.mute',
  'membership.leave',
  'finding.fix',
  'finding.fixAll',
  'finding.snooze',
  'drift.accept',
  'drift.revert',
  'request.show',
  'preferences.set',
  'problem.remove',
  'problem.fix',
  'problem.keep',
  'problem.clear',
  'problem.leave',
  'cover.extend',
  'cover.end',
] as const;
export type CardVerb = (typeof CARD_VERBS)[number];

/** What an Action.Execute carries back. */
export interface CardActionData {
  readonly verb: CardVerb;
  readonly id: string;
}

/** Teams refreshes a card automatically for at most 60 listed users. */
export const MAX_REFRESH_USERS = 60;
/** Teams refuses a message over 28 KB; every card stays well under it. */
export const MAX_CARD_BYTES = 28 * 1024;
/** The reason an approver may give when rejecting: the API's limit. */
export const MAX_REASON_LENGTH = 500;

export function text(value: string, options: Readonly<Record<string, unknown>> = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function heading(value: string): CardElement {
  return text(value, { size: 'Medium', weight: 'Bolder', style: 'heading' });
}

/**
 * Expand an Adaptive Card template (`${…}` bindings, `$data` repeats) with adaptivecards-templating.
 * A binding the data does not fill would stay as literal `${…}` text in front of a user, so
 * that is refused here, naming the unbound fields.
 */
export function expandTemplate(template: object, data: object): CardElement {
  const expanded = new Template(template).expand({ $root: data }) as CardElement;
  const unbound = JSON.stringify(expanded).match(/\$\{[^}]*\}/g);
  if (unbound) throw new Error(`The card template left ${unbound.join(', ')} unbound.`);
  return expanded;
}

export function facts(rows: readonly (readonly [string, string])[]): CardElement {
  return { type: 'FactSet', facts: rows.map(([title, value]) => ({ title, value })) };
}

/** A container with a Teams style: `good`, `attention`, `warning`, `emphasis` or `accent`. */
export function section(items: readonly CardElement[], style?: 'good' | 'attention' | 'warning' | 'emphasis' | 'accent'): CardElement {
  return { type: 'Container', items, ...(style ? { style } : {}) };
}

export function execute(title: string, verb: CardVerb, id: string, style?: 'positive' | 'destructive'): CardElement {
  const data: CardActionData = { verb, id };
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}) };
}

/** Actions inside the body, under the element they act on (a finding of a digest, say). */
export function actionRow(actions: readonly CardElement[]): CardElement {
  return { type: 'ActionSet', actions };
}

/** A card; with `refresh`, Teams asks the bot for the current card whenever one of `userIds` views it. */
export function card(options: {
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardElement[];
  readonly refresh?: { readonly id: string; readonly userIds: readonly string[] };
  readonly fallbackText?: string;
}): AdaptiveCard {
  const userIds = [...new Set(options.refresh?.userIds ?? [])].slice(0, MAX_REFRESH_USERS);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: options.body,
    ...(options.actions && options.actions.length > 0 ? { actions: options.actions } : {}),
    ...(options.refresh && userIds.length > 0 ? { refresh: { action: execute('Refresh', 'refresh', options.refresh.id), userIds } } : {}),
    ...(options.fallbackText ? { fallbackText: options.fallbackText } : {}),
  };
}

/** Size in bytes as Teams counts it (the UTF-8 JSON). */
export function cardBytes(value: AdaptiveCard): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** Dates as people read them in a card: UTC, to the minute. */
export function when(date: Date | string): string {
  const iso = (typeof date === 'string' ? new Date(date) : date).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Adaptive Cards TextBlocks render a subset of Markdown: keep people's names and reasons literal. */
export function plain(value: string): string {
  return value.replace(/[\\*_`[\]<>#~|]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}
