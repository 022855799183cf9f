import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `App`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useAppStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  centre: { display: 'grid', placeItems: 'center', minHeight: '60vh', padding: tokens.spacingHorizontalL },
});
