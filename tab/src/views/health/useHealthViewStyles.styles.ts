import { makeStyles, tokens } from '@fluentui/react-components';

/** The styles of `HealthView`: Fluent tokens only, so every Teams theme (light, dark, high contrast) applies. */
export const useHealthViewStyles = makeStyles({
  filters: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 11rem), 1fr))', gap: tokens.spacingHorizontalM },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  scroll: { overflowX: 'auto', ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` } },
  table: { minWidth: '40rem' },
  // Fluent's table lays columns out at fixed widths, equal unless told: the short columns get what they need
  // and "What is wrong" takes the rest.
  severityColumn: { width: '8.5rem' },
  codeColumn: { width: '5rem' },
  subjectColumn: { width: '16rem' },
  actionsColumn: { width: '6rem' },
  message: { overflowWrap: 'anywhere', paddingBlock: tokens.spacingVerticalS },
  subject: { overflowWrap: 'anywhere' },
  cards: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalS + ' ' + tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  cardHead: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  cardActions: { alignSelf: 'flex-start' },
});
