import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Text } from '@fluentui/react-components';
import type { PersonalProblem } from '@cgm/core';
import { formatWhen, strings } from '../strings';
import { ProblemsAlert } from './SubmissionStatus';
import type { ProblemAction, ProblemOutcome } from './useProblems';
import { useProblems } from './useProblems';
import { useProblemListStyles } from './useProblemListStyles.styles';

/** A button's words: Remove names the person it removes. */
function actionLabel(problem: PersonalProblem, action: ProblemAction): string {
  if (action === 'remove') return strings.problems.remove(problem.about?.displayName ?? strings.problems.thisMember);
  return strings.problems.actions[action];
}

/** Where my request for this problem stands: from the server's list, or from the answer just received. */
function requestState(problem: PersonalProblem, outcome: ProblemOutcome | undefined): string | undefined {
  const request = problem.request ?? (outcome?.phase === 'requested' ? outcome : undefined);
  if (!request) return undefined;
  const status = strings.request.status[request.status] ?? request.status;
  return strings.problems.requested(status);
}

function ProblemItem({ problem, outcome, online, act }: { problem: PersonalProblem; outcome: ProblemOutcome | undefined; online: boolean; act: (problem: PersonalProblem, action: ProblemAction) => Promise<void> }) {
  const styles = useProblemListStyles();
  const requested = requestState(problem, outcome);
  const sending = outcome?.phase === 'sending';
  return (
    <li>
      <MessageBar intent={requested ? 'info' : 'warning'} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{problem.title}</MessageBarTitle>
          {problem.detail}
          {requested && (
            <Text className={styles.state} role="status" aria-live="polite">
              {requested}
            </Text>
          )}
        </MessageBarBody>
        {!requested && (
          <MessageBarActions>
            <div className={styles.actions}>
              {problem.actions.map((action) => (
                <Button key={action} size="small" appearance={action === 'keep' ? 'secondary' : 'primary'} disabled={!online || sending} onClick={() => void act(problem, action)}>
                  {actionLabel(problem, action)}
                </Button>
              ))}
              {sending && <Spinner size="tiny" label={strings.loading} />}
            </div>
          </MessageBarActions>
        )}
      </MessageBar>
      {outcome?.phase === 'failed' && <ProblemsAlert title={strings.problems.failed} problems={outcome.problems} message={outcome.message} />}
    </li>
  );
}

/**
 * My problems that belong on this view (a member of my group who is gone, a stale entry for a
 * group I was in, a delegation switched off), inline, with the actions Teams allows. Nothing
 * at all when there is none: the view is not about them.
 */
export function ProblemList({ show, label }: { show: (problem: PersonalProblem) => boolean; label: string }) {
  const styles = useProblemListStyles();
  const { state, problems, kept, outcomes, act, reload, online } = useProblems(show);
  if (state.status === 'error' && problems.length === 0) {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{strings.problems.loadFailed}</MessageBarTitle>
          {state.error.message}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={reload}>{strings.retry}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (problems.length === 0 && kept.length === 0) return null;
  return (
    <ul className={styles.list} aria-label={label}>
      {problems.map((problem) => (
        <ProblemItem key={problem.id} problem={problem} outcome={outcomes.get(problem.id)} online={online} act={act} />
      ))}
      {kept.map((note) => (
        <li key={note.id}>
          <MessageBar intent="success" role="status" aria-live="polite">
            <MessageBarBody>{strings.problems.kept(note.title, formatWhen(note.until))}</MessageBarBody>
          </MessageBar>
        </li>
      ))}
    </ul>
  );
}
