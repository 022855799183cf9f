import { Button, Caption1, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Switch, Title3 } from '@fluentui/react-components';
import { SendRegular } from '@fluentui/react-icons';
import type { AnsweringChange, ApprovalPolicy, CallingSettings, Problem, TargetType } from '@cgm/core';
import { ALLOWED_UNANSWERED_DELAYS_SECONDS, TARGET_TYPES } from '@cgm/core';
import type { ApiClient } from '../../api/apiClient';
import type { Person } from '@cgm/core';
import { DirectoryPicker } from '../../components/DirectoryPicker';
import { strings } from '../../strings';
import { ProblemsAlert } from '../../components/SubmissionStatus';
import type { RuleDraft } from './useAnsweringEditor';
import { useAnsweringEditor } from './useAnsweringEditor';
import { useAnsweringEditorStyles } from './useAnsweringEditorStyles.styles';

export interface AnsweringEditorProps {
  readonly api: ApiClient;
  readonly me: Person;
  readonly settings: CallingSettings;
  readonly groupMembers: readonly Person[];
  readonly approvalPolicy: ApprovalPolicy;
  readonly canSend: boolean;
  onSubmit(change: AnsweringChange): void;
}

const messageFor = (problems: readonly Problem[], path: string) => problems.filter((p) => p.path === path).map((p) => p.message).join(' ') || undefined;

function TargetFields({ api, name, rule, problems, onChange, onPick }: { api: ApiClient; name: 'forwarding' | 'unanswered'; rule: RuleDraft; problems: readonly Problem[]; onChange(patch: Partial<RuleDraft>): void; onPick(person: Person): void }) {
  const typeError = messageFor(problems, `${name}.targetType`);
  const targetError = messageFor(problems, `${name}.target`);
  return (
    <>
      <Field label={strings.answering.targetType} validationMessage={typeError} validationState={typeError ? 'error' : 'none'}>
        <Select value={rule.targetType ?? ''} onChange={(_, data) => onChange({ targetType: (data.value || null) as TargetType | null })}>
          <option value="">—</option>
          {TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {strings.answering.targets[type]}
            </option>
          ))}
        </Select>
      </Field>
      {rule.targetType === 'SingleTarget' && (
        <>
          <DirectoryPicker
            api={api}
            label={strings.answering.targetLabel}
            hint={strings.answering.targetHint}
            onPick={(person) => {
              onPick(person);
              onChange({ target: person.sip });
            }}
            onFreeText={(text) => onChange({ target: text })}
          />
          {(targetError ?? rule.target) && <Caption1 role={targetError ? 'alert' : undefined}>{targetError ?? `${strings.answering.targetLabel}: ${rule.target}`}</Caption1>}
        </>
      )}
    </>
  );
}

/** Also ring / forward, and if unanswered: the targets Teams allows, the allowed delays, checked live by core. */
export function AnsweringEditor({ api, me, settings, groupMembers, approvalPolicy, canSend, onSubmit }: AnsweringEditorProps) {
  const styles = useAnsweringEditorStyles();
  const editor = useAnsweringEditor({ me, settings, groupMembers, approvalPolicy });
  const { draft, verdict } = editor;
  const typeError = messageFor(verdict.problems, 'forwarding.type');
  const delayError = messageFor(verdict.problems, 'unanswered.delaySeconds');
  const pairError = messageFor(verdict.problems, 'unanswered.enabled');
  return (
    <form
      className={styles.form}
      aria-label={strings.answering.title}
      onSubmit={(event) => {
        event.preventDefault();
        if (verdict.valid && verdict.dirty && canSend) onSubmit(verdict.change);
      }}
    >
      <fieldset className={styles.rule}>
        <legend className={styles.legend}>
          <Title3>{strings.answering.forwardingHeading}</Title3>
        </legend>
        <Switch label={strings.answering.forwardingEnabled} checked={draft.forwarding.enabled} onChange={(_, data) => editor.setForwarding({ enabled: data.checked })} />
        {draft.forwarding.enabled && (
          <>
            <Field label={strings.answering.forwardingType} validationMessage={typeError} validationState={typeError ? 'error' : 'none'}>
              <RadioGroup value={draft.forwarding.type ?? ''} onChange={(_, data) => editor.setForwarding({ type: data.value as 'Immediate' | 'Simultaneous' })}>
                <Radio value="Simultaneous" label={strings.answering.simultaneousType} />
                <Radio value="Immediate" label={strings.answering.immediate} />
              </RadioGroup>
            </Field>
            <TargetFields api={api} name="forwarding" rule={draft.forwarding} problems={verdict.problems} onChange={editor.setForwarding} onPick={editor.pick} />
          </>
        )}
      </fieldset>
      <fieldset className={styles.rule}>
        <legend className={styles.legend}>
          <Title3>{strings.answering.unansweredHeading}</Title3>
        </legend>
        <Switch label={strings.answering.unansweredEnabled} checked={draft.unanswered.enabled} onChange={(_, data) => editor.setUnanswered({ enabled: data.checked })} />
        {pairError && (
          <Caption1 role="alert">{pairError}</Caption1>
        )}
        {draft.unanswered.enabled && (
          <>
            <TargetFields api={api} name="unanswered" rule={draft.unanswered} problems={verdict.problems} onChange={editor.setUnanswered} onPick={editor.pick} />
            <Field label={strings.answering.delay} validationMessage={delayError} validationState={delayError ? 'error' : 'none'}>
              <Select value={String(draft.unanswered.delaySeconds)} onChange={(_, data) => editor.setUnanswered({ delaySeconds: Number(data.value) })}>
                {ALLOWED_UNANSWERED_DELAYS_SECONDS.map((seconds) => (
                  <option key={seconds} value={seconds}>
                    {strings.answering.delaySeconds(seconds)}
                  </option>
                ))}
              </Select>
            </Field>
          </>
        )}
      </fieldset>
      {verdict.dirty && !verdict.valid && (
        <ProblemsAlert title={strings.answering.problemsTitle} problems={verdict.problems} />
      )}
      {verdict.dirty && verdict.valid && (
        <MessageBar intent="info">
          <MessageBarBody>{verdict.needsApproval ? strings.summary.needsApproval : strings.summary.noApproval}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" icon={<SendRegular />} disabled={!verdict.valid || !verdict.dirty || !canSend}>
          {strings.answering.submit}
        </Button>
        <Button type="button" disabled={!verdict.dirty} onClick={editor.reset}>
          {strings.callGroup.reset}
        </Button>
        {!verdict.dirty && <Caption1>{strings.answering.noChange}</Caption1>}
      </div>
    </form>
  );
}
