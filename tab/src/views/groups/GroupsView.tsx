import { useEffect, useState } from 'react';
import { Button, Caption1, Card, CardHeader, Field, Radio, RadioGroup, Text, Title3 } from '@fluentui/react-components';
import { ChatRegular, PersonDeleteRegular, InfoRegular } from '@fluentui/react-icons';
import type { NotificationSetting } from '@cgm/core';
import { NOTIFICATION_SETTINGS } from '@cgm/core';
import { useSession } from '../../app/session';
import { EmptyState } from '../../components/ViewStates';
import { SubmissionStatus } from '../../components/SubmissionStatus';
import { useSubmission } from '../../components/useSubmission';
import type { MeResponse } from '@cgm/core';
import { strings } from '../../strings';
import { ViewPage } from '../../components/ViewPage';
import { useGroupsViewStyles } from './useGroupsViewStyles.styles';

type Membership = MeResponse['memberships'][number];

/** Teams' chat deep link, for when the tab runs outside Teams (development). */
function chatLink(upn: string, message: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(upn)}&message=${encodeURIComponent(message)}`;
}

function MembershipCard({ membership }: { membership: Membership }) {
  const styles = useGroupsViewStyles();
  const { api, reloadMe, online, host } = useSession();
  const { submission, send } = useSubmission(api, reloadMe);
  const [choice, setChoice] = useState<NotificationSetting>(membership.notification);
  // A refused choice goes back to what Teams holds, with the server's reason shown below.
  useEffect(() => {
    if (submission.phase === 'failed') setChoice(membership.notification);
  }, [submission.phase, membership.notification]);
  const owner = membership.owner.displayName;
  const ownerRef = membership.owner.upn ?? membership.ownerSip;
  const message = strings.groups.askRemovalMessage(owner);
  return (
    <li>
      <Card>
        <CardHeader header={<Title3 as="h2">{strings.groups.owner(owner)}</Title3>} description={<Caption1>{[membership.owner.department, strings.groups.detail(membership.position + 1, membership.memberCount, membership.ringOrder)].filter(Boolean).join(' · ')}</Caption1>} />
        <Field label={strings.groups.notification(owner)} hint={strings.groups.mobileNote}>
          <RadioGroup
            layout="horizontal"
            value={choice}
            disabled={!online || submission.phase === 'sending'}
            onChange={(_, data) => {
              const value = data.value as NotificationSetting;
              setChoice(value);
              void send(`/api/me/memberships/${encodeURIComponent(ownerRef)}`, { notification: value }, 'PUT');
            }}
          >
            {NOTIFICATION_SETTINGS.map((value) => (
              <Radio key={value} value={value} label={strings.groups.options[value]} />
            ))}
          </RadioGroup>
        </Field>
        <SubmissionStatus submission={submission} problemsTitle={strings.errorTitle} />
        <div className={styles.actions}>
          <Button icon={<PersonDeleteRegular />} disabled={!online || submission.phase === 'sending'} onClick={() => void send(`/api/me/memberships/${encodeURIComponent(ownerRef)}/leave`, {})}>
            {strings.groups.askRemoval}
          </Button>
          {host.kind === 'teams' ? (
            <Button icon={<ChatRegular />} onClick={() => void host.openChat(ownerRef, message)}>
              {strings.groups.messageOwner(owner)}
            </Button>
          ) : (
            <Button as="a" icon={<ChatRegular />} href={chatLink(ownerRef, message)} target="_blank" rel="noreferrer">
              {strings.groups.messageOwner(owner)}
            </Button>
          )}
        </div>
      </Card>
    </li>
  );
}

function OverrideCard() {
  const { api, me, reloadMe, online } = useSession();
  const { submission, send } = useSubmission(api, reloadMe);
  const [value, setValue] = useState<string>(me.notificationOverride ?? 'none');
  return (
    <Card>
      <CardHeader header={<Title3 as="h2">{strings.groups.overrideHeading}</Title3>} />
      <Field label={strings.groups.overrideLabel} hint={strings.groups.overrideNote}>
        <RadioGroup
          value={value}
          disabled={!online || submission.phase === 'sending'}
          onChange={(_, data) => {
            setValue(data.value);
            void send('/api/me/notification-override', { value: data.value === 'none' ? null : data.value }, 'PUT');
          }}
        >
          <Radio value="none" label={strings.groups.overrideNone} />
          {NOTIFICATION_SETTINGS.map((option) => (
            <Radio key={option} value={option} label={strings.groups.options[option]} />
          ))}
        </RadioGroup>
      </Field>
      <SubmissionStatus submission={submission} problemsTitle={strings.errorTitle} />
    </Card>
  );
}

/** Groups I'm in: whose call groups list me, and how each one alerts me. */
export function GroupsView() {
  const styles = useGroupsViewStyles();
  const { me } = useSession();
  return (
    <ViewPage id="groups-title" title={strings.groups.title} intro={strings.groups.intro}>
      <Text className={styles.note}>
        <InfoRegular aria-hidden="true" />
        {strings.groups.mobileNote}
      </Text>
      {me.memberships.length === 0 ? (
        <EmptyState>{strings.groups.empty}</EmptyState>
      ) : (
        <ul className={styles.list} aria-label={strings.groups.title}>
          {me.memberships.map((membership) => (
            <MembershipCard key={membership.ownerSip} membership={membership} />
          ))}
        </ul>
      )}
      <OverrideCard />
    </ViewPage>
  );
}
