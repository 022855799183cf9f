import { Button, Caption1, Card, CardHeader, Field, Radio, RadioGroup, Title3 } from '@fluentui/react-components';
import { ChatRegular, PersonDeleteRegular } from '@fluentui/react-icons';
import type { NotificationSetting } from '@cgm/core';
import { NOTIFICATION_SETTINGS } from '@cgm/core';
import { SubmissionStatus } from '../../components/SubmissionStatus';
import { strings } from '../../strings';
import type { Membership } from './useMembershipCard';
import { useMembershipCard } from './useMembershipCard';
import { useGroupsViewStyles } from './useGroupsViewStyles.styles';

/** Teams' chat deep link, for when the tab runs outside Teams (development). */
function chatLink(upn: string, message: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(upn)}&message=${encodeURIComponent(message)}`;
}

/** One group I am in: how it alerts me, asking to leave, and a chat with its owner. */
export function MembershipCard({ membership }: { membership: Membership }) {
  const styles = useGroupsViewStyles();
  const { submission, choice, choose, askRemoval, busy, ownerRef, host } = useMembershipCard(membership);
  const owner = membership.owner.displayName;
  const message = strings.groups.askRemovalMessage(owner);
  return (
    <li>
      <Card>
        <CardHeader header={<Title3 as="h2">{strings.groups.owner(owner)}</Title3>} description={<Caption1>{[membership.owner.department, strings.groups.detail(membership.position + 1, membership.memberCount, membership.ringOrder)].filter(Boolean).join(' · ')}</Caption1>} />
        <Field label={strings.groups.notification(owner)} hint={strings.groups.mobileNote}>
          <RadioGroup layout="horizontal" value={choice} disabled={busy} onChange={(_, data) => choose(data.value as NotificationSetting)}>
            {NOTIFICATION_SETTINGS.map((value) => (
              <Radio key={value} value={value} label={strings.groups.options[value]} />
            ))}
          </RadioGroup>
        </Field>
        <SubmissionStatus submission={submission} problemsTitle={strings.errorTitle} />
        <div className={styles.actions}>
          <Button icon={<PersonDeleteRegular />} disabled={busy} onClick={askRemoval}>
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
