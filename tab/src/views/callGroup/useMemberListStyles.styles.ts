import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `MemberList`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useMemberListStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  invalid: { border: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteRedBorder2}` },
  position: { minWidth: '1.5rem', textAlign: 'right' },
  person: { flexGrow: 1, minWidth: '10rem' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  problem: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'flex-start', flexBasis: '100%', color: tokens.colorPaletteRedForeground1 },
});
