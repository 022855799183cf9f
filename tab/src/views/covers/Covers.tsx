import { ErrorState, ListSkeleton } from '../../components/ViewStates';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import { CoverForm } from './CoverForm';
import { CoverList } from './CoverList';
import { useCoversView } from './useCoversView';

/** Cover while I'm away: make a cover (who, what, from when to when in my zone) and see, cancel, end or extend mine. */
export default function CoversView() {
  const { state, reload, covers, zone, act, action, busy } = useCoversView();
  return (
    <ViewPage id="covers-title" title={strings.covers.title} intro={strings.covers.intro}>
      <CoverForm zone={zone} onCreated={reload} />
      {!covers && state.status === 'error' && <ErrorState error={state.error} onRetry={reload} />}
      {!covers && state.status !== 'error' && <ListSkeleton rows={3} />}
      {covers && <CoverList covers={covers} zone={zone} action={action} busy={busy} act={(cover, kind) => void act(cover, kind)} />}
    </ViewPage>
  );
}
