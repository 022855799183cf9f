import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `PersonLine`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const usePersonLineStyles = makeStyles({
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  name: { overflowWrap: 'anywhere' },
  eligibility: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
});
