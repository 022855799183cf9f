import { FluentProvider, Spinner, makeStaticStyles } from '@fluentui/react-components';
import { strings } from '../strings';
import { ErrorState } from '../components/ViewStates';
import { OpenInTeams } from './OpenInTeams';
import { Shell } from './Shell';
import { FLUENT_THEMES } from './themes';
import { useBootstrap } from './useBootstrap';
import { useAppStyles } from './useAppStyles.styles';

const useGlobalStyles = makeStaticStyles({ body: { margin: 0 } });

/** The tab: Fluent with the Teams theme, then sign-in, then the views. */
export function App() {
  useGlobalStyles();
  const boot = useBootstrap();
  const styles = useAppStyles();
  const theme = boot.status === 'ready' || boot.status === 'open-in-teams' ? boot.theme : 'default';
  return (
    // Layout styles go on an inner element: Fluent copies the provider's className onto the portal
    // node of every popup, where a full-height background would cover the page and eat its clicks.
    <FluentProvider theme={FLUENT_THEMES[theme]} data-theme={theme}>
      <div className={styles.root}>
        {boot.status === 'starting' && (
          <div className={styles.centre}>
            <Spinner label={strings.loading} />
          </div>
        )}
        {boot.status === 'failed' && (
          <div className={styles.centre}>
            <ErrorState error={boot.error} onRetry={() => window.location.reload()} />
          </div>
        )}
        {boot.status === 'open-in-teams' && <OpenInTeams />}
        {boot.status === 'ready' && <Shell boot={boot} />}
      </div>
    </FluentProvider>
  );
}
