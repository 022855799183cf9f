import { describe, expect, it } from 'vitest';
import { RING_GAP, radialLayout } from './radialLayout';

describe('radialLayout', () => {
  it('puts the chosen person in the middle and each step out on its own ring', () => {
    const layout = radialLayout('a', ['a', 'b', 'c', 'd'], [
      { owner: 'a', member: 'b' },
      { owner: 'c', member: 'a' },
      { owner: 'b', member: 'd' },
    ]);
    expect(layout.positions.get('a')).toEqual({ x: 0, y: 0, ring: 0 });
    for (const sip of ['b', 'c']) {
      const placed = layout.positions.get(sip);
      expect(placed?.ring).toBe(1);
      expect(Math.round(Math.hypot(placed?.x ?? 0, placed?.y ?? 0))).toBe(RING_GAP);
    }
    expect(layout.positions.get('d')?.ring).toBe(2);
    expect(layout.rings).toBe(2);
  });

  it('spreads a ring evenly and never stacks two people on one spot', () => {
    const members = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const layout = radialLayout('owner', ['owner', ...members], members.map((member) => ({ owner: 'owner', member })));
    const spots = new Set(members.map((sip) => `${layout.positions.get(sip)?.x},${layout.positions.get(sip)?.y}`));
    expect(spots.size).toBe(12);
  });

  it('still places people the edges do not reach, on an outer ring', () => {
    const layout = radialLayout('a', ['a', 'b', 'lonely'], [{ owner: 'a', member: 'b' }]);
    expect(layout.positions.get('lonely')?.ring).toBe(2);
    expect(layout.size).toBeGreaterThan(0);
  });

  it('draws a person with no relationships alone in the middle', () => {
    const layout = radialLayout('a', ['a'], []);
    expect([...layout.positions.keys()]).toEqual(['a']);
    expect(layout.rings).toBe(1);
  });
});
