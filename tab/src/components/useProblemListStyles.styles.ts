import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `ProblemList`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useProblemListStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  state: { display: 'block', marginBlockStart: tokens.spacingVerticalXS },
});
