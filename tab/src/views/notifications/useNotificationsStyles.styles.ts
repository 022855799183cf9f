import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of the Notifications view: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useNotificationsStyles = makeStyles({
  kinds: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-end' },
  note: { display: 'inline-flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
});
