import type { MouseEvent } from 'react';
import { useState } from 'react';
import { Button, Card, CardHeader, Field, Input, Link, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Spinner, Switch, Text, Title3 } from '@fluentui/react-components';
import { InfoRegular } from '@fluentui/react-icons';
import type { NoticeKind, NoticeMode, NoticePreferences, PreferencesUpdate } from '@cgm/core';
import { APPROVER_NOTICE_KINDS, NOTICE_KIND_LABELS, NOTICE_MODES, NOTICE_MODE_LABELS, PERSONAL_NOTICE_KINDS } from '@cgm/core';
import { hrefOf, navigate } from '../../app/routes';
import { ProblemsAlert } from '../../components/SubmissionStatus';
import { ErrorState, ListSkeleton } from '../../components/ViewStates';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import type { SaveState } from './useNotificationsView';
import { useNotificationsView } from './useNotificationsView';
import { useNotificationsStyles } from './useNotificationsStyles.styles';

type Update = (change: PreferencesUpdate) => Promise<boolean>;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
const DEFAULT_QUIET = { start: '22:00', end: '07:00' };

/** One kind of notice and its three modes; a choice is saved at once. */
function KindChoice({ kind, mode, busy, update }: { kind: NoticeKind; mode: NoticeMode; busy: boolean; update: Update }) {
  const label = NOTICE_KIND_LABELS[kind];
  return (
    <Field label={label.title} hint={label.description}>
      <RadioGroup layout="horizontal" value={mode} disabled={busy} onChange={(_, data) => void update({ notices: { [kind]: data.value as NoticeMode } })}>
        {NOTICE_MODES.map((option) => (
          <Radio key={option} value={option} label={NOTICE_MODE_LABELS[option]} />
        ))}
      </RadioGroup>
    </Field>
  );
}

/** The daily summary's hour, quiet hours, and the time zone both are read in. */
function TimingCard({ preferences, zone, busy, update }: { preferences: NoticePreferences; zone: string | undefined; busy: boolean; update: Update }) {
  const styles = useNotificationsStyles();
  const [quiet, setQuiet] = useState(preferences.quietHours ?? DEFAULT_QUIET);
  const t = strings.notifications;
  return (
    <Card>
      <CardHeader header={<Title3 as="h2">{t.timingHeading}</Title3>} />
      <Field label={t.dailyHour} hint={t.dailyHourHint}>
        <Select value={String(preferences.dailyHour)} disabled={busy} onChange={(_, data) => void update({ dailyHour: Number(data.value) })}>
          {HOURS.map((hour) => (
            <option key={hour} value={hour}>
              {clock(hour)}
            </option>
          ))}
        </Select>
      </Field>
      <Switch label={t.quietHours} checked={preferences.quietHours !== null} disabled={busy} onChange={(_, data) => void update({ quietHours: data.checked ? quiet : null })} />
      {preferences.quietHours !== null && (
        <div className={styles.row}>
          <Field label={t.quietStart}>
            <Input type="time" value={quiet.start} onChange={(_, data) => setQuiet({ ...quiet, start: data.value })} />
          </Field>
          <Field label={t.quietEnd}>
            <Input type="time" value={quiet.end} onChange={(_, data) => setQuiet({ ...quiet, end: data.value })} />
          </Field>
          <Button appearance="primary" disabled={busy || (quiet.start === preferences.quietHours.start && quiet.end === preferences.quietHours.end)} onClick={() => void update({ quietHours: quiet })}>
            {t.saveQuietHours}
          </Button>
        </div>
      )}
      <Text>{t.timeZone(preferences.timeZone ?? zone ?? 'UTC', preferences.timeZone === null)}</Text>
    </Card>
  );
}

function SaveStatus({ save }: { save: SaveState }) {
  if (save.phase === 'saving') return <Spinner size="tiny" label={strings.notifications.saving} />;
  if (save.phase === 'failed') return <ProblemsAlert title={strings.notifications.notSaved} problems={save.problems} message={save.message} />;
  if (save.phase !== 'saved') return null;
  return (
    <MessageBar intent="success" role="status" aria-live="polite">
      <MessageBarBody>{strings.notifications.saved}</MessageBarBody>
    </MessageBar>
  );
}

/** Notifications: what the bot tells me and how often, quiet hours, and where Ring / Banner / Mute live. */
export default function NotificationsView() {
  const styles = useNotificationsStyles();
  const { state, reload, preferences, save, update, zone, approver, busy } = useNotificationsView();
  const t = strings.notifications;
  const toGroups = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    navigate('groups');
  };
  return (
    <ViewPage id="notifications-title" title={t.title} intro={t.intro}>
      <Text className={styles.note}>
        <InfoRegular aria-hidden="true" />
        <span>
          {t.groupsNote}{' '}
          <Link href={hrefOf('groups')} onClick={toGroups}>
            {strings.nav.groups}
          </Link>
        </span>
      </Text>
      {!preferences && state.status === 'error' && <ErrorState error={state.error} onRetry={reload} />}
      {!preferences && state.status !== 'error' && <ListSkeleton rows={4} />}
      {preferences && (
        <>
          <SaveStatus save={save} />
          <Card>
            <CardHeader header={<Title3 as="h2">{t.kindsHeading}</Title3>} />
            <div className={styles.kinds}>
              {PERSONAL_NOTICE_KINDS.map((kind) => (
                <KindChoice key={kind} kind={kind} mode={preferences.notices[kind]} busy={busy} update={update} />
              ))}
            </div>
          </Card>
          {approver && (
            <Card>
              <CardHeader header={<Title3 as="h2">{t.approverHeading}</Title3>} />
              <div className={styles.kinds}>
                {APPROVER_NOTICE_KINDS.map((kind) => (
                  <KindChoice key={kind} kind={kind} mode={preferences.notices[kind]} busy={busy} update={update} />
                ))}
              </div>
            </Card>
          )}
          <TimingCard key={JSON.stringify(preferences.quietHours)} preferences={preferences} zone={zone} busy={busy} update={update} />
        </>
      )}
    </ViewPage>
  );
}
