import { useLayoutEffect, useRef } from 'react';

import type { MapEdge, RelationshipMap } from '@cgm/core';
import { strings } from '../../strings';
import { radialLayout } from './radialLayout';
import { useRelationshipGraphStyles } from './useRelationshipGraphStyles.styles';

const NODE_RADIUS = 22;
/** The smallest the drawing is shown at: names stay at least 11.7 px, edge words 10.8 px. */
export const MIN_SCALE = 0.9;
const initials = (name: string) => name.split(/[\s.@]+/).filter(Boolean).slice(0, 2).map((part) => part[0]?.toUpperCase()).join('');
const edgeWord = (edge: MapEdge) => (edge.status === 'ok' ? '' : `${strings.map[edge.status]}${edge.findingCode ? ` (${edge.findingCode})` : ''}`);

/** The drawing: people as circles with initials, owner → member arrows; anything not working is dashed and labelled in words. */
export function RelationshipGraph({ map, centreName }: { map: RelationshipMap; centreName: string }) {
  const styles = useRelationshipGraphStyles();
  const layout = radialLayout(map.centre, map.nodes.map((node) => node.sip), map.edges);
  const half = layout.size / 2;
  const at = (sip: string) => layout.positions.get(sip) ?? { x: 0, y: 0, ring: 0 };
  const scroller = useRef<HTMLDivElement>(null);
  // When the drawing is wider than the page, open it on the chosen person in the middle, not on its left edge.
  useLayoutEffect(() => {
    const box = scroller.current;
    if (box) box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
  }, [map.centre, layout.size]);
  return (
    <div ref={scroller} className={styles.scroll} tabIndex={0} role="region" aria-label={strings.map.graphRegion}>
      <svg
        className={styles.svg}
        // Never smaller than MIN_SCALE: wider than the page, it scrolls; minimum height beats the 75vh cap.
        style={{ minWidth: `${Math.round(layout.size * MIN_SCALE)}px`, minHeight: `${Math.round(layout.size * MIN_SCALE)}px` }}
        viewBox={`${-half} ${-half} ${layout.size} ${layout.size}`}
        role="img"
        aria-labelledby="map-graph-title"
      >
        <title id="map-graph-title">{strings.map.graphLabel(centreName)}</title>
        <defs>
          <marker id="map-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className={styles.arrow} />
          </marker>
        </defs>
        {map.edges.map((edge) => {
          const from = at(edge.owner);
          const to = at(edge.member);
          const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
          const ux = (to.x - from.x) / length;
          const uy = (to.y - from.y) / length;
          const word = edgeWord(edge);
          return (
            <g key={`${edge.owner}|${edge.member}|${edge.status}`}>
              <line x1={from.x + ux * NODE_RADIUS} y1={from.y + uy * NODE_RADIUS} x2={to.x - ux * (NODE_RADIUS + 2)} y2={to.y - uy * (NODE_RADIUS + 2)} className={styles[edge.status]} markerEnd="url(#map-arrow)" />
              {word && (
                <text x={(from.x + to.x) / 2} y={(from.y + to.y) / 2 - 4} className={styles.edgeLabel}>
                  {word}
                </text>
              )}
            </g>
          );
        })}
        {map.nodes.map((node) => {
          const { x, y } = at(node.sip);
          const isCentre = node.sip === map.centre;
          const label = node.findings.length > 0 ? `${node.displayName} (${node.findings.join(', ')})` : node.displayName;
          return (
            <g key={node.sip}>
              <circle cx={x} cy={y} r={NODE_RADIUS} className={isCentre ? styles.centre : node.known ? styles.node : styles.unknown} />
              <text x={x} y={y} className={styles.initials}>
                {initials(node.displayName)}
              </text>
              <text x={x} y={y + NODE_RADIUS + 14} className={styles.label}>
                {label.length > 28 ? `${label.slice(0, 27)}…` : label}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
