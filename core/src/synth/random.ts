/**
 * A small seeded pseudo-random generator (mulberry32) for synthetic tenants. core
 * may not use Math.random: the same seed must give the same tenant in the browser,
 * in Node and in a test, so a bug found on a synthetic tenant can be replayed.
 */

/** A deterministic stream of random choices. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<TItem>(items: readonly TItem[]): TItem;
  /** A lower-case GUID whose last 12 hex digits are `serial`, so ids never collide. */
  guid(serial: number): string;
}

/** mulberry32: 32 bits of state, good spread, fast enough for 100,000 users in milliseconds. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const DASH = 45;

/** Write the low `digits` (at most 8) hex digits of a 32-bit value into `codes` at `position`. */
function putHex(codes: number[], position: number, value: number, digits: number): void {
  let rest = value >>> 0;
  for (let k = digits - 1; k >= 0; k -= 1) {
    codes[position + k] = HEX_CODES[rest & 15] ?? DASH;
    rest >>>= 4;
  }
}

/**
 * GUIDs are built as one flat string from character codes: a template literal would
 * leave a tree of string fragments per id, and 100,000 retained trees make the garbage
 * collector, not the generator, the cost of a large tenant.
 */
function formatGuid(codes: number[], words: readonly [number, number, number], serial: number): string {
  const [a, b, c] = words;
  putHex(codes, 0, a, 8);
  putHex(codes, 9, b >>> 16, 4);
  // Version 4 and variant 10 bits, so the ids look like the Entra ids they stand for.
  putHex(codes, 14, 0x4000 | (b & 0x0fff), 4);
  putHex(codes, 19, 0x8000 | (c & 0x3fff), 4);
  // The 48-bit serial: 16 high bits, then 32 low bits.
  putHex(codes, 24, Math.floor(serial / 0x100000000), 4);
  putHex(codes, 28, serial, 8);
  return String.fromCharCode.apply(null, codes);
}

/** A generator seeded with any integer; equal seeds give equal streams. */
export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const word32 = () => (next() * 4294967296) >>> 0;
  const codes = new Array<number>(36).fill(DASH);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<TItem>(items: readonly TItem[]): TItem {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    guid: (serial) => formatGuid(codes, [word32(), word32(), word32()], serial),
  };
}

/** Derive an independent seed for a second stream: defect choices then leave the main stream (directory, ids) untouched. */
export function deriveSeed(seed: number, salt: number): number {
  let h = (seed ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
