import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `ViewStates`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useViewStatesStyles = makeStyles({
  skeleton: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBlock: tokens.spacingVerticalM },
  row: { display: 'grid', gridTemplateColumns: '36px 1fr', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  empty: {
    padding: tokens.spacingVerticalXXL,
    textAlign: 'center',
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
});
