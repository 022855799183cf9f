import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed } from './random.js';

const draw = (seed: number, count: number) => {
  const rng = createRandom(seed);
  return Array.from({ length: count }, () => rng.next());
};

describe('createRandom', () => {
  it('repeats the same stream for the same seed', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
  });

  it('gives a different stream for a different seed', () => {
    expect(draw(42, 50)).not.toEqual(draw(43, 50));
  });

  it('stays within [0, 1)', () => {
    const values = draw(7, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('reaches both ends of an inclusive integer range', () => {
    const rng = createRandom(3);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(5, 6)));
    expect([...seen].sort()).toEqual([5, 6]);
  });

  it('makes version 4 GUIDs that end in the serial', () => {
    const rng = createRandom(9);
    expect(rng.guid(1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-000000000001$/);
    expect(rng.guid(0x800000000001)).toMatch(/-800000000001$/);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createRandom(1).pick([])).toThrow(/empty/);
  });
});

describe('deriveSeed', () => {
  it('separates streams that share a seed', () => {
    expect(deriveSeed(1, 0x5eed)).not.toBe(deriveSeed(1, 0x5eee));
    expect(deriveSeed(1, 0x5eed)).toBe(deriveSeed(1, 0x5eed));
  });
});
