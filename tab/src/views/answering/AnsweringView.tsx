import { Body1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { CallingSettings } from '@cgm/core';
import { useSession } from '../../app/session';
import { SubmissionStatus } from '../../components/SubmissionStatus';
import { useSubmission } from '../../components/useSubmission';
import { strings } from '../../strings';
import { AnsweringEditor } from './AnsweringEditor';

const useStyles = makeStyles({ page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL } });

export function AnsweringView() {
  const styles = useStyles();
  const { api, me, reloadMe, approvalPolicy, online } = useSession();
  const { submission, send } = useSubmission(api, reloadMe);
  const settings = me.settings as unknown as CallingSettings;
  return (
    <section className={styles.page} aria-labelledby="answering-title">
      <Title2 as="h1" id="answering-title">
        {strings.answering.title}
      </Title2>
      <Body1>{strings.answering.intro}</Body1>
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
    </section>
  );
}
