import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import type { Submission } from './useSubmission';
import { FINAL_STATUSES } from './useSubmission';
import { strings } from '../strings';

/** Why a change cannot be sent, or was refused: every reason in words, announced at once. */
export function ProblemsAlert({ title, problems, message }: { title: string; problems: readonly { readonly message: string }[]; message?: string }) {
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {problems.length > 0 ? (
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>{problem.message}</li>
            ))}
          </ul>
        ) : (
          message
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

/** Where a sent change stands, announced politely as it moves. */
export function SubmissionStatus({ submission, problemsTitle }: { submission: Submission; problemsTitle: string }) {
  if (submission.phase === 'idle') return null;
  if (submission.phase === 'sending') return <Spinner size="tiny" label={strings.loading} />;
  if (submission.phase === 'failed') {
    return <ProblemsAlert title={problemsTitle} problems={submission.problems} message={submission.message} />;
  }
  const settled = FINAL_STATUSES.has(submission.status);
  const intent = submission.status === 'applied' ? 'success' : settled ? 'error' : 'info';
  return (
    <MessageBar intent={intent} layout="multiline" role="status" aria-live="polite">
      <MessageBarBody>
        <MessageBarTitle>{strings.request.sent}</MessageBarTitle>
        {strings.request.status[submission.status] ?? submission.status}
        {submission.status === 'pending' && submission.needsApproval ? ` — ${strings.summary.needsApproval}` : ''}
      </MessageBarBody>
    </MessageBar>
  );
}
