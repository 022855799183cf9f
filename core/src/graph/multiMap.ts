/**
 * The two relation shapes the graph keeps. Empty entries are dropped, so memory stays
 * proportional to the live relations, not to the history of edits.
 */

/**
 * key → set of values. Most keys hold one value (a user's SIP address, a number's
 * holder), so a single value is stored as is and a `Set` is made only for the second:
 * at 100,000 users that saves 100,000 sets and most of the build's garbage.
 */
export class SetMultiMap<TKey, TValue> {
  private readonly map = new Map<TKey, TValue | Set<TValue>>();

  add(key: TKey, value: TValue): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, value);
    else if (held instanceof Set) held.add(value);
    else if (held !== value) this.map.set(key, new Set([held, value]));
  }

  delete(key: TKey, value: TValue): void {
    const held = this.map.get(key);
    if (held === value) this.map.delete(key);
    else if (held instanceof Set && held.delete(value) && held.size === 1) this.map.set(key, held.values().next().value as TValue);
  }

  /** The values of `key`, or undefined when it holds none. */
  get(key: TKey): Iterable<TValue> | undefined {
    const held = this.map.get(key);
    if (held === undefined) return undefined;
    // Values are never Sets themselves (ids and keys), so `instanceof Set` tells the two shapes apart.
    return held instanceof Set ? (held as Set<TValue>) : [held as TValue];
  }

  has(key: TKey): boolean {
    return this.map.has(key);
  }

  keys(): IterableIterator<TKey> {
    return this.map.keys();
  }

  /** Every key with its values. */
  *entries(): Generator<[TKey, Iterable<TValue>]> {
    for (const [key, held] of this.map) yield [key, held instanceof Set ? (held as Set<TValue>) : [held as TValue]];
  }
}

/** key → value → count: a relation that can hold several times (an owner who writes the same member twice). */
export class CountMultiMap<TKey, TValue> {
  private readonly map = new Map<TKey, Map<TValue, number>>();

  add(key: TKey, value: TValue, count = 1): void {
    let counts = this.map.get(key);
    if (!counts) this.map.set(key, (counts = new Map()));
    counts.set(value, (counts.get(value) ?? 0) + count);
  }

  remove(key: TKey, value: TValue, count = 1): void {
    const counts = this.map.get(key);
    const current = counts?.get(value);
    if (!counts || current === undefined) throw new Error('CountMultiMap.remove of a relation that is not held');
    if (current > count) counts.set(value, current - count);
    else counts.delete(value);
    if (counts.size === 0) this.map.delete(key);
  }

  /** The values related to `key` with how many times each holds. */
  get(key: TKey): ReadonlyMap<TValue, number> | undefined {
    return this.map.get(key);
  }

  has(key: TKey, value: TValue): boolean {
    return this.map.get(key)?.has(value) ?? false;
  }

  /** How many distinct values `key` relates to. */
  sizeOf(key: TKey): number {
    return this.map.get(key)?.size ?? 0;
  }
}
