import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useSession } from '../../app/session';
import { SubmissionStatus } from '../../components/SubmissionStatus';
import { useSubmission } from '../../components/useSubmission';
import { strings } from '../../strings';
import { ViewPage } from '../../components/ViewPage';
import { CallGroupEditor } from './CallGroupEditor';


/** My call group: the editor over my current settings, and the state of what I sent. */
export function CallGroupView() {
  const { api, me, reloadMe, approvalPolicy, online } = useSession();
  const { submission, send } = useSubmission(api, reloadMe);
  const settings = me.settings;
  const pending = me.requests.find((request) => request.kind === 'callGroup' && (request.status === 'pending' || request.status === 'approved'));
  return (
    <ViewPage id="call-group-title" title={strings.callGroup.title} intro={strings.callGroup.intro}>
      {pending && submission.phase === 'idle' && (
        <MessageBar intent="info">
          <MessageBarBody>
            {strings.request.status[pending.status]}. {strings.callGroup.pendingExists}
          </MessageBarBody>
        </MessageBar>
      )}
      <SubmissionStatus submission={submission} problemsTitle={strings.callGroup.problemsTitle} />
      <CallGroupEditor
        // A new reading of my settings (after a change applied) starts the editor afresh.
        key={JSON.stringify([settings.CallGroupOrder, settings.CallGroupTargets])}
        api={api}
        me={me.me}
        settings={settings}
        members={me.callGroup.members}
        approvalPolicy={approvalPolicy}
        canSend={online && submission.phase !== 'sending'}
        onSubmit={(change) => void send('/api/me/call-group', { order: change.order, targets: change.targets })}
      />
    </ViewPage>
  );
}
