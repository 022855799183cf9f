import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `MapView`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useMapViewStyles = makeStyles({
  controls: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 14rem), 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  legend: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, margin: 0, padding: 0, listStyle: 'none' },
  swatch: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  scroll: { overflowX: 'auto' },
  table: { minWidth: '32rem' },
  edges: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  edge: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, overflowWrap: 'anywhere',
  },
});
