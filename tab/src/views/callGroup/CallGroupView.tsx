import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { ProblemList } from '../../components/ProblemList';
import { SubmissionStatus } from '../../components/SubmissionStatus';
import { problemsOfMyGroup } from '../../components/useProblems';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import { CallGroupEditor } from './CallGroupEditor';
import { useCallGroupView } from './useCallGroupView';

/** My call group: the editor over my current settings, and the state of what I sent. */
export function CallGroupView() {
  const { api, me, settings, approvalPolicy, submission, canSend, submit, pending } = useCallGroupView();
  return (
    <ViewPage id="call-group-title" title={strings.callGroup.title} intro={strings.callGroup.intro}>
      {pending && submission.phase === 'idle' && (
        <MessageBar intent="info">
          <MessageBarBody>
            {strings.request.status[pending.status]}. {strings.callGroup.pendingExists}
          </MessageBarBody>
        </MessageBar>
      )}
      <ProblemList show={problemsOfMyGroup} label={strings.problems.ownGroup} />
      <SubmissionStatus submission={submission} problemsTitle={strings.callGroup.problemsTitle} />
      <CallGroupEditor
        // A new reading of my settings (after a change applied) starts the editor afresh.
        key={JSON.stringify([settings.CallGroupOrder, settings.CallGroupTargets])}
        api={api}
        me={me.me}
        settings={settings}
        members={me.callGroup.members}
        approvalPolicy={approvalPolicy}
        canSend={canSend}
        onSubmit={(change) => submit({ order: change.order, targets: change.targets })}
      />
    </ViewPage>
  );
}
