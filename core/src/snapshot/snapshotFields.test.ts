import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDelaySeconds } from '../rules/limits.js';
import { choice, countryCode, DELAY_SYNTAX, delay, e164, emptyableFlag, optionalChoice, optionalPhone, sipUri, text } from './snapshotFields.js';

describe('snapshot fields', () => {
  it('accepts a delay exactly when parseDelaySeconds can read it', () => {
    const delays = fc.oneof(
      fc.tuple(fc.nat(120), fc.nat(70), fc.nat(70)).map(([h, m, s]) => [h, m, s].map((n) => String(n).padStart(2, '0')).join(':')),
      fc.string({ maxLength: 10 }),
      fc.constantFrom(' 00:00:20 ', '\u00a000:00:20', '00:00:20\n', '0:00:20', '00:00:2'),
    );
    fc.assert(fc.property(delays, (value) => DELAY_SYNTAX.test(value) === (parseDelaySeconds(value) !== undefined)));
  });

  it('accepts 00:59:59 and rejects 00:60:00 as a delay', () => {
    expect(delay().safeParse('00:59:59').success).toBe(true);
    expect(delay().safeParse('00:60:00').success).toBe(false);
  });

  it('accepts a SIP address with or without sip: and rejects one without a domain', () => {
    expect([sipUri().safeParse('alex@contoso.com').success, sipUri().safeParse('SIP:alex@contoso.com').success, sipUri().safeParse('sip:alex').success]).toEqual([true, true, false]);
  });

  it('accepts E.164 up to 15 digits and rejects 16', () => {
    expect(e164().safeParse(`+1${'2'.repeat(14)}`).success).toBe(true);
    expect(e164().safeParse(`+1${'2'.repeat(15)}`).success).toBe(false);
  });

  it('rejects a number starting +0 and one without +', () => {
    expect([e164().safeParse('+04255550100').success, e164().safeParse('14255550100').success]).toEqual([false, false]);
  });

  it('accepts a short extension as a LineUri but not a single digit', () => {
    expect([optionalPhone().safeParse('12').success, optionalPhone().safeParse('1').success]).toEqual([true, false]);
  });

  it('reads a missing LineUri, null and blank as no number', () => {
    expect([optionalPhone().parse(undefined), optionalPhone().parse(null), optionalPhone().parse('  ')]).toEqual([null, null, null]);
  });

  it('upper-cases a country code and rejects one or three letters', () => {
    expect(countryCode().parse('gb')).toBe('GB');
    expect([countryCode().safeParse('G').success, countryCode().safeParse('GBR').success, countryCode().safeParse('G1').success]).toEqual([false, false, false]);
  });

  it('maps any casing of an enum value to its canonical spelling and keeps unknown values rejected', () => {
    const order = choice(['Simultaneous', 'InOrder'] as const);
    expect([order.parse('INORDER'), order.parse('InOrder'), order.parse('simultaneous')]).toEqual(['InOrder', 'InOrder', 'Simultaneous']);
    expect(order.safeParse('In Order').success).toBe(false);
  });

  it('reads an empty optional enum as null but rejects an unknown one', () => {
    const setting = optionalChoice(['Ring', 'Banner', 'Mute'] as const);
    expect([setting.parse(''), setting.parse(null), setting.parse(undefined), setting.parse('banner')]).toEqual([null, null, null, 'Banner']);
    expect(setting.safeParse('Loud').success).toBe(false);
  });

  it('reads null as false for an emptyable switch, and rejects text', () => {
    expect([emptyableFlag().parse(null), emptyableFlag().parse(undefined), emptyableFlag().parse(true)]).toEqual([false, false, true]);
    expect(emptyableFlag().safeParse('true').success).toBe(false);
  });

  it('rejects a blank required text but keeps surrounding spaces of a real one', () => {
    expect(text().safeParse(' \t').success).toBe(false);
    expect(text().parse(' a ')).toBe(' a ');
  });
});
