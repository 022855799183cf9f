import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `OpenInTeams`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useOpenInTeamsStyles = makeStyles({
  page: { display: 'grid', placeItems: 'center', minHeight: '80vh', padding: tokens.spacingHorizontalL },
  card: { maxWidth: '32rem', padding: tokens.spacingHorizontalXL },
});
