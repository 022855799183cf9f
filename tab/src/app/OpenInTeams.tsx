import { Body1, Card, Title2 } from '@fluentui/react-components';
import { strings } from '../strings';
import { useOpenInTeamsStyles } from './useOpenInTeamsStyles.styles';

/** Outside Teams without development sign-in there is no way to know who is here: say where to go. */
export function OpenInTeams() {
  const styles = useOpenInTeamsStyles();
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <Title2 as="h1">{strings.openInTeamsTitle}</Title2>
        <Body1>{strings.openInTeamsBody}</Body1>
      </Card>
    </main>
  );
}
