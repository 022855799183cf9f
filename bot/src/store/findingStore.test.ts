import type { Finding } from '@cgm/core';
import { findingKey } from '@cgm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createFindingStore } from './findingStore.js';
import { testBackends } from './testDatabase.js';

const T1 = new Date('2026-11-02T10:00:00.000Z');
const T2 = new Date('2026-11-02T11:00:00.000Z');
const T3 = new Date('2026-11-02T12:00:00.000Z');

const finding = (code: Finding['code'], subject: string, severity: Finding['severity'] = 'error', related: string[] = []): Finding => ({
  code,
  rule: `rule-${code}`,
  severity,
  subject,
  related,
  message: `${code} on ${subject}`,
});

const orphaned = finding('CG01', 'sip:alex.wilber@contoso.com', 'error', ['sip:joni.sherman@contoso.com']);
const disabled = finding('CG08', 'sip:alex.wilber@contoso.com', 'warning', ['sip:megan@contoso.com']);
const noAttendant = finding('SC11', 'Store12', 'warning');
const operator = finding('SC13', 'Store12', 'info');

describe.each(testBackends())('FindingStore on %s', (_name, open) => {
  let db: Database;
  const store = () => createFindingStore(db);
  // Reconciling is about the whole set of findings, so every test starts from an empty table.
  beforeEach(async () => {
    db = await open();
  }, 120_000);
  afterEach(() => db.close());

  it('adds every finding of a first scan, first and last seen now', async () => {
    expect(await store().reconcile([orphaned, noAttendant], T1)).toEqual({ added: [orphaned, noAttendant], resolved: [] });
    expect(await store().list({ openOnly: true })).toEqual([
      { key: findingKey(orphaned), finding: orphaned, firstSeen: T1, lastSeen: T1, resolvedAt: null, notifiedAt: null, snoozedUntil: null },
      { key: findingKey(noAttendant), finding: noAttendant, firstSeen: T1, lastSeen: T1, resolvedAt: null, notifiedAt: null, snoozedUntil: null },
    ]);
  });

  it('keeps first seen, moves last seen and reports nothing new when a scan finds the same', async () => {
    await store().reconcile([orphaned], T1);
    expect(await store().reconcile([{ ...orphaned, message: 'reworded' }], T2)).toEqual({ added: [], resolved: [] });
    expect(await store().list({ openOnly: true })).toMatchObject([{ firstSeen: T1, lastSeen: T2, finding: { message: 'reworded' } }]);
  });

  it('resolves an open finding the scan no longer reports', async () => {
    await store().reconcile([orphaned, noAttendant], T1);
    expect(await store().reconcile([noAttendant], T2)).toEqual({ added: [], resolved: [orphaned] });
    expect(await store().list({ openOnly: true })).toMatchObject([{ key: findingKey(noAttendant) }]);
    expect(await store().list({ openOnly: false, code: 'CG01' })).toMatchObject([{ resolvedAt: T2, lastSeen: T1 }]);
  });

  it('reopens a resolved finding that comes back, keeping first seen and due for notice again', async () => {
    await store().reconcile([orphaned], T1);
    await store().markNotified([findingKey(orphaned)], T1);
    await store().reconcile([], T2);
    expect(await store().reconcile([orphaned], T3)).toEqual({ added: [orphaned], resolved: [] });
    expect(await store().list({ openOnly: true })).toMatchObject([{ firstSeen: T1, lastSeen: T3, resolvedAt: null, notifiedAt: null }]);
  });

  it('resolves everything when a scan finds nothing', async () => {
    await store().reconcile([orphaned, noAttendant], T1);
    expect(await store().reconcile([], T2)).toEqual({ added: [], resolved: [orphaned, noAttendant] });
  });

  it('reconciles units without touching findings outside them', async () => {
    await store().reconcile([orphaned, noAttendant], T1);
    expect(await store().reconcileUnits([disabled], [orphaned], T2)).toEqual({ added: [disabled], resolved: [orphaned] });
    expect((await store().list({ openOnly: true })).map((f) => f.finding.code)).toEqual(['CG08', 'SC11']);
  });

  it('does not resolve a finding a unit both still sees and lists as gone', async () => {
    await store().reconcile([orphaned], T1);
    expect(await store().reconcileUnits([orphaned], [orphaned], T2)).toEqual({ added: [], resolved: [] });
  });

  it('filters by code, severity and subject, worst first', async () => {
    await store().reconcile([operator, noAttendant, disabled, orphaned], T1);
    expect((await store().list({ openOnly: true })).map((f) => f.finding.code)).toEqual(['CG01', 'CG08', 'SC11', 'SC13']);
    expect((await store().list({ openOnly: true, severity: 'warning' })).map((f) => f.finding.code)).toEqual(['CG08', 'SC11']);
    expect((await store().list({ openOnly: true, subject: 'Store12', severity: 'info' })).map((f) => f.finding.code)).toEqual(['SC13']);
    expect(await store().list({ openOnly: true, code: 'DL01' })).toEqual([]);
  });

  it('offers for notification only open, unnotified findings whose snooze has ended', async () => {
    await store().reconcile([orphaned, noAttendant, operator], T1);
    await store().markNotified([findingKey(orphaned)], T1);
    expect(await store().snooze(findingKey(noAttendant), T3)).toBe(true);
    expect((await store().dueForNotification(T2)).map((f) => f.finding.code)).toEqual(['SC13']);
    expect((await store().dueForNotification(T3)).map((f) => f.finding.code)).toEqual(['SC11', 'SC13']);
    expect(await store().snooze('CG99|nobody|', T3)).toBe(false);
  });
});
