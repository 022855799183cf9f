import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `BeforeAfter`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useBeforeAfterStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalL },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalS, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, overflowWrap: 'anywhere' },
  added: { fontWeight: tokens.fontWeightSemibold },
  address: { color: tokens.colorNeutralForeground2 },
});
