import { Button, Card, CardHeader, Checkbox, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Spinner, Switch, Text, Title3 } from '@fluentui/react-components';
import type { DelegatePermissions } from '@cgm/core';
import { useSession } from '../../app/session';
import { DirectoryPicker } from '../../components/DirectoryPicker';
import { ProblemsAlert } from '../../components/SubmissionStatus';
import { strings } from '../../strings';
import type { CoverField, CoverWhat } from './useCoverForm';
import { COVER_WHATS, useCoverForm } from './useCoverForm';
import { useCoversStyles } from './useCoversStyles.styles';

const PERMISSIONS = ['ReceiveCalls', 'MakeCalls', 'PickUpHeldCalls', 'ManageSettings', 'JoinActiveCalls'] as const satisfies readonly (keyof DelegatePermissions)[];

/** A field's problems as Fluent shows them: in red under it, announced with it. */
function validation(problems: readonly string[] | undefined) {
  return problems && problems.length > 0 ? { validationState: 'error' as const, validationMessage: problems.join(' ') } : {};
}

/** The new-cover form: who, what, from when to when in the person's zone, and every problem next to its field. */
export function CoverForm({ zone, onCreated }: { zone: string; onCreated: () => void }) {
  const styles = useCoversStyles();
  const { api, online } = useSession();
  const { draft, change, submit, problems, sending, sent } = useCoverForm(zone, onCreated);
  const t = strings.covers;
  const at = (field: CoverField) => problems.fields[field];
  return (
    <Card>
      <CardHeader header={<Title3 as="h2">{t.newHeading}</Title3>} />
      <form
        className={styles.form}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {problems.general.length > 0 && <ProblemsAlert title={t.problemsTitle} problems={problems.general.map((message) => ({ message }))} />}
        {draft.who ? (
          <Field label={t.who} {...validation(at('who'))}>
            <div className={styles.picked}>
              <Text>{t.picked(draft.who.displayName)}</Text>
              <Button size="small" onClick={() => change({ who: undefined })}>
                {t.clearPicked(draft.who.displayName)}
              </Button>
            </div>
          </Field>
        ) : (
          <>
            <DirectoryPicker api={api} label={t.who} disabled={sending} onPick={(person) => change({ who: person })} />
            {at('who') && <Text role="alert">{at('who')?.join(' ')}</Text>}
          </>
        )}
        <Field label={t.what}>
          <RadioGroup value={draft.what} onChange={(_, data) => change({ what: data.value as CoverWhat })}>
            {COVER_WHATS.map((what) => (
              <Radio key={what} value={what} label={t.whatOptions[what]} />
            ))}
          </RadioGroup>
        </Field>
        {draft.what === 'delegate' && (
          <Field label={t.permissions} {...validation(at('permissions'))}>
            <div className={styles.row}>
              {PERMISSIONS.map((name) => (
                <Checkbox key={name} label={t.permissionNames[name]} checked={draft.permissions[name]} onChange={(_, data) => change({ permissions: { ...draft.permissions, [name]: data.checked === true } })} />
              ))}
            </div>
          </Field>
        )}
        <Switch label={t.startNow} checked={draft.startNow} onChange={(_, data) => change({ startNow: data.checked })} />
        <div className={styles.row}>
          {!draft.startNow && (
            <Field label={t.startsAt} hint={t.zoneHint(zone)} {...validation(at('startsAt'))}>
              <Input type="datetime-local" value={draft.startsAt} onChange={(_, data) => change({ startsAt: data.value })} />
            </Field>
          )}
          <Field label={t.endsAt} hint={t.zoneHint(zone)} {...validation(at('endsAt'))}>
            <Input type="datetime-local" value={draft.endsAt} onChange={(_, data) => change({ endsAt: data.value })} />
          </Field>
        </div>
        {draft.startNow && at('startsAt') && <Text role="alert">{at('startsAt')?.join(' ')}</Text>}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={sending || !online}>
            {t.submit}
          </Button>
          {sending && <Spinner size="tiny" label={strings.loading} />}
        </div>
        {sent && (
          <MessageBar intent="success" role="status" aria-live="polite">
            <MessageBarBody>
              <MessageBarTitle>{t.sent}</MessageBarTitle>
              {sent.needsApproval ? t.sentNeedsApproval : t.sentScheduled}
            </MessageBarBody>
          </MessageBar>
        )}
      </form>
    </Card>
  );
}
