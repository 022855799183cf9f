import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `RequestTimeline`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useRequestTimelineStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  step: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  good: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  neutral: { color: tokens.colorNeutralForeground3 },
});
