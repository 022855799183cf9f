import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `RequestsView`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useRequestsViewStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  change: { overflowWrap: 'anywhere' },
  // The status stays one pill on one line, however long its words and however narrow the card.
  badge: { whiteSpace: 'nowrap', flexShrink: 0 },
});
