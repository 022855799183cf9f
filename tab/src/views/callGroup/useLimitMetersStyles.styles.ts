import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `LimitMeters`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useLimitMetersStyles = makeStyles({
  meters: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))', gap: tokens.spacingHorizontalL },
  // The track has an outline of its own (3:1 against the page in every theme): in high contrast its fill is the
  // page's black, and an empty meter drew nothing. An outline takes no room, so the bar keeps its size.
  track: { outline: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStrokeAccessible}`, outlineOffset: 0 },
});
