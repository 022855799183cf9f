import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `ViewPage`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useViewPageStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});
