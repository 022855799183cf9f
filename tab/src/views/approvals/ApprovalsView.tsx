import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/ViewStates';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import { ApprovalCard } from './ApprovalCard';
import { useApprovalsView } from './useApprovalsView';
import { useApprovalsViewStyles } from './useApprovalsViewStyles.styles';

/** Approvals: pending requests with before and after; approve, or reject with a reason. */
export default function ApprovalsView() {
  const styles = useApprovalsViewStyles();
  const { state, reload, notice, names, decided } = useApprovalsView();
  return (
    <ViewPage id="approvals-title" title={strings.approvals.title} intro={strings.approvals.intro}>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={reload} />}
      {state.status === 'loading' && !state.data && <ListSkeleton rows={3} />}
      {state.data && state.data.requests.length === 0 && <EmptyState>{strings.approvals.empty}</EmptyState>}
      {state.data && state.data.requests.length > 0 && (
        <ul className={styles.list} aria-label={strings.approvals.title}>
          {state.data.requests.map((request) => (
            <ApprovalCard
              key={request.id}
              request={request}
              names={names}
              onDecided={decided}
            />
          ))}
        </ul>
      )}
    </ViewPage>
  );
}
