import { Body1, Card, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { strings } from '../strings';

const useStyles = makeStyles({
  page: { display: 'grid', placeItems: 'center', minHeight: '80vh', padding: tokens.spacingHorizontalL },
  card: { maxWidth: '32rem', padding: tokens.spacingHorizontalXL },
});

/** Outside Teams without development sign-in there is no way to know who is here: say where to go. */
export function OpenInTeams() {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <Title2 as="h1">{strings.openInTeamsTitle}</Title2>
        <Body1>{strings.openInTeamsBody}</Body1>
      </Card>
    </main>
  );
}
