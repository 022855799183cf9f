import { Button, Caption1, MessageBar, MessageBarBody, Radio, RadioGroup, Field } from '@fluentui/react-components';
import { SendRegular } from '@fluentui/react-icons';
import type { ApprovalPolicy, CallGroupChange, CallingSettings, CallGroupOrder } from '@cgm/core';
import type { ApiClient } from '../../api/apiClient';
import type { Person } from '@cgm/core';
import { DirectoryPicker } from '../../components/DirectoryPicker';
import { EmptyState } from '../../components/ViewStates';
import { strings } from '../../strings';
import { ProblemsAlert } from '../../components/SubmissionStatus';
import { ChangeSummary } from './ChangeSummary';
import { LimitMeters } from './LimitMeters';
import { MemberList } from './MemberList';
import { useCallGroupEditor } from './useCallGroupEditor';
import { useCallGroupEditorStyles } from './useCallGroupEditorStyles.styles';

export interface CallGroupEditorProps {
  readonly api: ApiClient;
  readonly me: Person;
  readonly settings: CallingSettings;
  readonly members: readonly Person[];
  readonly approvalPolicy: ApprovalPolicy;
  /** False while offline or while a change is being sent. */
  readonly canSend: boolean;
  onSubmit(change: CallGroupChange): void;
}

/** Edit my call group: add, remove, reorder, and see before sending whether Teams will accept it. */
export function CallGroupEditor({ api, me, settings, members: current, approvalPolicy, canSend, onSubmit }: CallGroupEditorProps) {
  const styles = useCallGroupEditorStyles();
  const editor = useCallGroupEditor({ me, settings, members: current, approvalPolicy });
  const { verdict } = editor;
  const general = verdict.problems.filter((problem) => !/^targets\[\d+\]$/.test(problem.path));
  const taken = new Set(editor.members.map((person) => person.sip));
  taken.add(me.sip);
  const submitReason = !verdict.dirty ? strings.callGroup.noChange : !verdict.valid ? strings.callGroup.problemsTitle : undefined;

  return (
    <form
      className={styles.form}
      aria-label={strings.callGroup.title}
      onSubmit={(event) => {
        event.preventDefault();
        if (verdict.valid && verdict.dirty && canSend) onSubmit(verdict.change);
      }}
    >
      <Field label={strings.callGroup.order}>
        <RadioGroup layout="horizontal" value={editor.order} onChange={(_, data) => editor.setOrder(data.value as CallGroupOrder)}>
          <Radio value="Simultaneous" label={strings.callGroup.simultaneous} />
          <Radio value="InOrder" label={strings.callGroup.inOrder} />
        </RadioGroup>
      </Field>
      <LimitMeters members={verdict.limits.members} maxMembers={verdict.limits.maxMembers} maxInOrder={verdict.limits.maxInOrder} order={editor.order} />
      {editor.members.length === 0 ? (
        <EmptyState>{strings.callGroup.empty}</EmptyState>
      ) : (
        <MemberList members={editor.members} inOrder={editor.order === 'InOrder'} problems={verdict.problems} onRemove={editor.remove} onMove={editor.move} />
      )}
      <DirectoryPicker api={api} label={strings.callGroup.pickerLabel} onPick={editor.add} taken={taken} />
      {verdict.dirty && !verdict.valid && (
        <ProblemsAlert title={strings.callGroup.problemsTitle} problems={verdict.problems} />
      )}
      {!verdict.dirty && general.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{general.map((problem) => problem.message).join(' ')}</MessageBarBody>
        </MessageBar>
      )}
      {verdict.dirty && verdict.valid && <ChangeSummary added={verdict.added} removed={verdict.removed} reordered={verdict.reordered} needsApproval={verdict.needsApproval} />}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" icon={<SendRegular />} disabled={!verdict.valid || !verdict.dirty || !canSend} aria-describedby={submitReason ? 'call-group-submit-reason' : undefined}>
          {strings.callGroup.submit}
        </Button>
        <Button type="button" disabled={!verdict.dirty} onClick={editor.reset}>
          {strings.callGroup.reset}
        </Button>
        {submitReason && <Caption1 id="call-group-submit-reason">{submitReason}</Caption1>}
      </div>
    </form>
  );
}
