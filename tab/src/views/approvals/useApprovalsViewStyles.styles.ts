import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `ApprovalsView`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useApprovalsViewStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});
