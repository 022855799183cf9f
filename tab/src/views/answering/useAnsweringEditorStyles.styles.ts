import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `AnsweringEditor`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useAnsweringEditorStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  rule: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingVerticalM, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  // Floated, the legend is laid out inside the box like any first line: a title that wraps (at 320 px) no longer
  // sits across the border.
  legend: { float: 'left', width: '100%', padding: 0, margin: 0 },
});
