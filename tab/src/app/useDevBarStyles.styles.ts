import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `DevBar`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useDevBarStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorPaletteYellowBackground2,
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteYellowBorderActive}`,
  },
  // The wrench sits on the first line of the text, however many lines it wraps to.
  message: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, flexGrow: 1, minWidth: '12rem' },
  icon: { flexShrink: 0, fontSize: tokens.fontSizeBase400, height: tokens.lineHeightBase300 },
  field: { flexDirection: 'row', alignItems: 'center', gap: tokens.spacingHorizontalS },
});
