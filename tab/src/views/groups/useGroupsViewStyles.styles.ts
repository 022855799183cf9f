import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `GroupsView`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useGroupsViewStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 22rem), 1fr))' },
  note: { display: 'inline-flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});
