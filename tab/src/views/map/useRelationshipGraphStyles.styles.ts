import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `RelationshipGraph`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useRelationshipGraphStyles = makeStyles({
  // Narrower than the drawing at MIN_SCALE, the drawing keeps that scale and scrolls sideways.
  scroll: { overflowX: 'auto', borderRadius: tokens.borderRadiusMedium, ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` } },
  svg: { width: '100%', maxHeight: '75vh', display: 'block', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  node: { fill: tokens.colorNeutralBackground3, stroke: tokens.colorNeutralStroke1, strokeWidth: 2 },
  centre: { fill: tokens.colorBrandBackground2, stroke: tokens.colorBrandStroke1, strokeWidth: 4 },
  unknown: { fill: tokens.colorNeutralBackground1, stroke: tokens.colorNeutralStroke1, strokeWidth: 2, strokeDasharray: '4 3' },
  initials: { fill: tokens.colorNeutralForeground1, fontSize: '14px', fontWeight: 600, textAnchor: 'middle', dominantBaseline: 'central' },
  // A halo of the background colour, so an edge passing under a name does not run through its letters.
  label: { fill: tokens.colorNeutralForeground1, fontSize: '13px', textAnchor: 'middle', paintOrder: 'stroke', stroke: tokens.colorNeutralBackground1, strokeWidth: 4 },
  edgeLabel: { fill: tokens.colorNeutralForeground1, fontSize: '12px', textAnchor: 'middle', paintOrder: 'stroke', stroke: tokens.colorNeutralBackground1, strokeWidth: 4 },
  ok: { stroke: tokens.colorNeutralStroke1, strokeWidth: 1.5 },
  broken: { stroke: tokens.colorPaletteRedBorder2, strokeWidth: 2.5, strokeDasharray: '8 4' },
  orphaned: { stroke: tokens.colorPaletteDarkOrangeBorder2, strokeWidth: 2.5, strokeDasharray: '3 4' },
  stale: { stroke: tokens.colorNeutralStroke1, strokeWidth: 2, strokeDasharray: '10 4 2 4' },
  arrow: { fill: tokens.colorNeutralForeground2 },
});
