import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRepeatedKeys, fnv1a } from './repeatedKeys.js';

/** The obvious answer, to compare with. */
function oracle(keys: readonly (string | undefined)[]): { index: number; first: number }[] {
  const first = new Map<string, number>();
  const out: { index: number; first: number }[] = [];
  keys.forEach((key, index) => {
    if (key === undefined) return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else out.push({ index, first: earlier });
  });
  return out;
}

describe('findRepeatedKeys', () => {
  it('finds nothing in distinct keys', () => {
    expect(findRepeatedKeys(['a', 'b', 'c'])).toEqual([]);
  });

  it('names the first entry for every later repeat, in index order', () => {
    expect(findRepeatedKeys(['x', 'a', 'x', 'b', 'a', 'x'])).toEqual([
      { index: 2, first: 0 },
      { index: 4, first: 1 },
      { index: 5, first: 0 },
    ]);
  });

  it('never matches entries without a key', () => {
    expect(findRepeatedKeys([undefined, 'a', undefined])).toEqual([]);
  });

  it('tells apart different keys whose hashes collide', () => {
    // Known FNV-1a 32-bit collisions: the hash alone would call these duplicates.
    expect(fnv1a('costarring')).toBe(fnv1a('liquid'));
    expect(findRepeatedKeys(['costarring', 'liquid', 'declinate', 'macallums'])).toEqual([]);
    expect(findRepeatedKeys(['costarring', 'liquid', 'liquid', 'costarring'])).toEqual([
      { index: 2, first: 1 },
      { index: 3, first: 0 },
    ]);
  });

  it('reports every repeat of a key 50,000 entries share', () => {
    const repeats = findRepeatedKeys(Array.from({ length: 50_000 }, () => 'same'));
    expect(repeats).toHaveLength(49_999);
    expect(repeats.every((repeat, i) => repeat.first === 0 && repeat.index === i + 1)).toBe(true);
  });

  it('agrees with a plain Map on any list', () => {
    const keys = fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'liquid', 'costarring', 'zinke', 'altarage', ''), { nil: undefined }), { maxLength: 60 });
    fc.assert(
      fc.property(keys, (list) => {
        expect(findRepeatedKeys(list)).toEqual(oracle(list));
      }),
    );
  });
});
