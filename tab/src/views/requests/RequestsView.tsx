import { EmptyState, ErrorState } from '../../components/ViewStates';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import { RequestCard } from './RequestCard';
import { useRequestsView } from './useRequestsView';
import { useRequestsViewStyles } from './useRequestsViewStyles.styles';

/** My requests, newest first, each with its timeline; a pending one can be cancelled. */
export function RequestsView() {
  const styles = useRequestsViewStyles();
  const { requests, names, error, canCancel, cancel } = useRequestsView();
  return (
    <ViewPage id="requests-title" title={strings.requests.title} intro={strings.requests.intro}>
      {error && <ErrorState error={error} />}
      {requests.length === 0 ? (
        <EmptyState>{strings.requests.empty}</EmptyState>
      ) : (
        <ul className={styles.list} aria-label={strings.requests.title}>
          {requests.map((request) => (
            <RequestCard key={request.id} request={request} names={names} canCancel={canCancel(request.id)} onCancel={cancel} />
          ))}
        </ul>
      )}
    </ViewPage>
  );
}
