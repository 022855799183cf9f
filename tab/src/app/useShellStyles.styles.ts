import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `Shell`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useShellStyles = makeStyles({
  main: { maxWidth: '72rem', marginInline: 'auto', padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`, outline: 'none' },
  banner: { margin: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL} 0` },
});
