import { ProblemList } from '../../components/ProblemList';
import { SubmissionStatus } from '../../components/SubmissionStatus';
import { problemsOfDelegation } from '../../components/useProblems';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import { AnsweringEditor } from './AnsweringEditor';
import { useAnsweringView } from './useAnsweringView';

/** Call answering: forwarding and unanswered calls over my current settings, and the state of what I sent. */
export function AnsweringView() {
  const { api, me, settings, approvalPolicy, submission, canSend, submit } = useAnsweringView();
  return (
    <ViewPage id="answering-title" title={strings.answering.title} intro={strings.answering.intro}>
      <ProblemList show={problemsOfDelegation} label={strings.problems.delegation} />
      <SubmissionStatus submission={submission} problemsTitle={strings.answering.problemsTitle} />
      <AnsweringEditor
        key={JSON.stringify(settings)}
        api={api}
        me={me.me}
        settings={settings}
        groupMembers={me.callGroup.members}
        approvalPolicy={approvalPolicy}
        canSend={canSend}
        onSubmit={({ forwarding, unanswered }) => submit({ forwarding, unanswered })}
      />
    </ViewPage>
  );
}
