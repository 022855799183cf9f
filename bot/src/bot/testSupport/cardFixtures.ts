import { createRequire } from 'node:module';
import type { CallingSettings, Finding } from '@cgm/core';
import { defaultCallingSettings } from '@cgm/core';
import type { StoredRequest } from '../../services/requestService.js';
import type { DriftRecord } from '../../services/healthOverviewService.js';
import type { AdaptiveCard } from '../cards/cardElements.js';

// adaptivecards 3 ships ESM files in a CommonJS package; its UMD build loads in plain Node and validates without a DOM.
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.min.js') as any;

/** Parse a card as Teams' renderer library would and return every warning it raises (empty: a clean card). */
export function cardWarnings(card: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(JSON.parse(JSON.stringify(card)), context);
  const warnings: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) warnings.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) warnings.push(event.message);
  return warnings;
}

/** Every Action.Execute of a card, anywhere in it (body, ActionSets, ShowCard cards). */
export function executeActions(value: unknown): { verb: string; data: Record<string, unknown> }[] {
  const found: { verb: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute') found.push({ verb: record.verb as string, data: record.data as Record<string, unknown> });
      for (const [key, child] of Object.entries(record)) if (key !== 'refresh') walk(child);
    }
  };
  walk(value);
  return found;
}

export const sip = (name: string) => `sip:${name}@contoso.com`;

/** A 25-member group: the largest a call group can be, with long realistic addresses. */
export const bigGroup = Array.from({ length: 25 }, (_, i) => sip(`member.with.a.rather.long.name.${String(i).padStart(2, '0')}`));

export function settings(owner: string, patch: Partial<CallingSettings> = {}): CallingSettings {
  return { ...defaultCallingSettings(owner), ...patch };
}

export function request(patch: Partial<StoredRequest> = {}): StoredRequest {
  const owner = sip('alex.wilber');
  const before = settings(owner, { CallGroupTargets: [sip('brian.johnson')] });
  const desired = settings(owner, { CallGroupTargets: [sip('brian.johnson'), sip('adele.vance')], IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'Group' });
  return {
    id: '6f2f6c1e-3c55-4d0e-9a36-0c64b8c1d001',
    requesterSip: owner,
    subjectSip: owner,
    kind: 'callGroup',
    settingsGroup: 'callGroup',
    change: { kind: 'callGroup', order: 'Simultaneous', targets: desired.CallGroupTargets },
    beforeSettings: before,
    desired,
    writes: [],
    notes: { kind: 'callGroup', added: [sip('adele.vance')], removed: [], membersNotified: [sip('adele.vance')], limits: { members: 2, maxMembers: 25, characters: 60, maxCharacters: 32768 } },
    status: 'pending',
    needsApproval: true,
    createdAt: new Date('2026-11-22T09:00:00Z'),
    expiresAt: new Date('2026-11-25T09:00:00Z'),
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    appliedAt: null,
    failure: null,
    findingKey: null,
    ...patch,
  };
}

export function finding(code: Finding['code'], subject: string, severity: Finding['severity'] = 'error', related: string[] = []): Finding {
  return { code, rule: 'rule', severity, subject, related, message: `${code} message about ${subject}.`, fix: { summary: 'fix it', powershell: ['Set-CsUserCallingSettings'] } };
}

export function drift(patch: Partial<DriftRecord> = {}): DriftRecord {
  const owner = sip('alex.wilber');
  return {
    id: '6f2f6c1e-3c55-4d0e-9a36-0c64b8c1d0d1',
    subjectSip: owner,
    settingsGroup: 'callGroup',
    beforeSettings: settings(owner, { CallGroupTargets: [sip('brian.johnson')] }),
    afterSettings: settings(owner, { CallGroupTargets: [sip('brian.johnson'), sip('lee.gu')] }),
    detectedAt: new Date('2026-11-22T10:00:00Z'),
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    ...patch,
  };
}
