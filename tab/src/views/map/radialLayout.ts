/**
 * A radial layout for the relationship map, small enough to need no graph library: the
 * chosen person in the middle, everyone one step away on the first ring, two steps on the
 * second, and so on. Each ring is ordered by the angle of the person who brought them in,
 * so a group's members sit together near their owner.
 */

export interface LayoutEdge {
  readonly owner: string;
  readonly member: string;
}

export interface Placed {
  readonly x: number;
  readonly y: number;
  /** Steps from the centre; people the edges do not reach go on the outermost ring. */
  readonly ring: number;
}

export interface RadialLayout {
  readonly positions: ReadonlyMap<string, Placed>;
  readonly rings: number;
  /** Width and height of the square the drawing needs, centred on (0, 0). */
  readonly size: number;
}

export const RING_GAP = 130;
export const MARGIN = 90;

export function radialLayout(centre: string, nodes: readonly string[], edges: readonly LayoutEdge[]): RadialLayout {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  for (const { owner, member } of edges) {
    link(owner, member);
    link(member, owner);
  }
  const ring = new Map<string, number>([[centre, 0]]);
  const parent = new Map<string, string>();
  const levels: string[][] = [[centre]];
  for (let level = 0; (levels[level]?.length ?? 0) > 0; level += 1) {
    const next: string[] = [];
    for (const sip of levels[level] ?? []) {
      for (const other of [...(neighbours.get(sip) ?? [])].sort()) {
        if (ring.has(other)) continue;
        ring.set(other, level + 1);
        parent.set(other, sip);
        next.push(other);
      }
    }
    levels.push(next);
  }
  const unreached = nodes.filter((sip) => !ring.has(sip)).sort();
  while (levels.length > 0 && levels[levels.length - 1]?.length === 0) levels.pop();
  if (unreached.length > 0) levels.push(unreached);

  const positions = new Map<string, Placed>([[centre, { x: 0, y: 0, ring: 0 }]]);
  const angleOf = new Map<string, number>([[centre, 0]]);
  levels.forEach((members, level) => {
    if (level === 0) return;
    // Keep each person near whoever brought them in: sort by the parent's angle.
    const ordered = [...members].sort((a, b) => (angleOf.get(parent.get(a) ?? '') ?? 0) - (angleOf.get(parent.get(b) ?? '') ?? 0) || a.localeCompare(b));
    const radius = level * RING_GAP;
    ordered.forEach((sip, index) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * index) / ordered.length;
      angleOf.set(sip, angle);
      positions.set(sip, { x: Math.round(radius * Math.cos(angle)), y: Math.round(radius * Math.sin(angle)), ring: level });
    });
  });
  const rings = Math.max(1, levels.length - 1);
  return { positions, rings, size: 2 * (rings * RING_GAP + MARGIN) };
}
