import { useSession } from '../../app/session';
import { SubmissionStatus } from '../../components/SubmissionStatus';
import { useSubmission } from '../../components/useSubmission';
import { strings } from '../../strings';
import { ViewPage } from '../../components/ViewPage';
import { AnsweringEditor } from './AnsweringEditor';


export function AnsweringView() {
  const { api, me, reloadMe, approvalPolicy, online } = useSession();
  const { submission, send } = useSubmission(api, reloadMe);
  const settings = me.settings;
  return (
    <ViewPage id="answering-title" title={strings.answering.title} intro={strings.answering.intro}>
      <SubmissionStatus submission={submission} problemsTitle={strings.answering.problemsTitle} />
      <AnsweringEditor
        key={JSON.stringify(settings)}
        api={api}
        me={me.me}
        settings={settings}
        groupMembers={me.callGroup.members}
        approvalPolicy={approvalPolicy}
        canSend={online && submission.phase !== 'sending'}
        onSubmit={({ forwarding, unanswered }) => void send('/api/me/answering', { forwarding, unanswered })}
      />
    </ViewPage>
  );
}
