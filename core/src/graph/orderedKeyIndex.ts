/** Something inserted into the graph at a fixed position: the sequence number decides who wins a shared key. */
export interface Sequenced {
  readonly seq: number;
}

/**
 * Keys to entries where several entries may share a key (two users whose UPN and SIP
 * address collide). The winner is the one `createTenantLookup` would pick: the first in
 * tenant order for users, the last for resource accounts. Keeping every holder means a
 * removal hands the key to the next holder instead of losing it.
 */
export class OrderedKeyIndex<TEntry extends Sequenced> {
  private readonly map = new Map<string, TEntry | TEntry[]>();

  constructor(private readonly winner: 'first' | 'last') {}

  add(key: string, entry: TEntry): void {
    const held = this.map.get(key);
    if (held === undefined) {
      this.map.set(key, entry);
      return;
    }
    const list = Array.isArray(held) ? held : [held];
    let index = list.length;
    while (index > 0 && (list[index - 1] as TEntry).seq > entry.seq) index -= 1;
    list.splice(index, 0, entry);
    this.map.set(key, list);
  }

  remove(key: string, entry: TEntry): void {
    const held = this.map.get(key);
    if (held === entry) {
      this.map.delete(key);
      return;
    }
    if (!Array.isArray(held)) return;
    const rest = held.filter((candidate) => candidate !== entry);
    this.map.set(key, rest.length === 1 ? (rest[0] as TEntry) : rest);
  }

  get(key: string): TEntry | undefined {
    const held = this.map.get(key);
    if (!Array.isArray(held)) return held;
    return this.winner === 'first' ? held[0] : held[held.length - 1];
  }
}
