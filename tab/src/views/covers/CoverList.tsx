import { Badge, Button, Caption1, Card, CardHeader, MessageBar, MessageBarBody, MessageBarTitle, Text, Title3 } from '@fluentui/react-components';
import type { CoverView } from '@cgm/core';
import { ProblemsAlert } from '../../components/SubmissionStatus';
import { EmptyState } from '../../components/ViewStates';
import { strings } from '../../strings';
import type { ActionState, CoverAction, CoverGroup } from './useCoversView';
import { COVER_GROUPS, groupOf } from './useCoversView';
import { formatInZone } from './coverTime';
import { useCoversStyles } from './useCoversStyles.styles';

const nameOf = (cover: CoverView, sip: string) => cover.names[sip] ?? sip.replace(/^sip:/, '');

/** What the cover does, in words: "Join my call group", "Become my delegate"… */
function whatOf(cover: CoverView): string {
  const t = strings.covers.whatOptions;
  const parts: string[] = [];
  if (cover.callGroup) parts.push(t.callGroup ?? '');
  const forwarding = cover.answering?.forwarding as { type?: string } | undefined;
  if (forwarding) parts.push((forwarding.type === 'Simultaneous' ? t.alsoRing : t.forward) ?? '');
  if (cover.answering?.unanswered) parts.push(t.unanswered ?? '');
  if (cover.delegate) parts.push(t.delegate ?? '');
  return parts.join(', ');
}

const BADGE: Record<CoverGroup, 'success' | 'informative' | 'subtle'> = { active: 'success', upcoming: 'informative', ended: 'subtle' };

function CoverItem({ cover, zone, action, busy, act }: { cover: CoverView; zone: string; action: ActionState | undefined; busy: boolean; act: (cover: CoverView, kind: CoverAction) => void }) {
  const styles = useCoversStyles();
  const t = strings.covers;
  const group = groupOf(cover);
  const names = cover.covering.map((sip) => nameOf(cover, sip)).join(', ');
  const late = Math.max(cover.startLateMs ?? 0, cover.endLateMs ?? 0);
  const mine = action?.coverId === cover.id ? action : undefined;
  return (
    <li className={styles.item} aria-label={t.summary(names, whatOf(cover))}>
      <div className={styles.heading}>
        <Text weight="semibold">{t.summary(names, whatOf(cover))}</Text>
        <Badge appearance={group === 'ended' ? 'outline' : 'filled'} color={BADGE[group] === 'subtle' ? 'informative' : BADGE[group]}>
          {t.status[cover.status] ?? cover.status}
        </Badge>
      </div>
      <Caption1>{t.period(formatInZone(cover.startsAt, zone), formatInZone(cover.endsAt, zone))}</Caption1>
      {cover.extension && <Caption1>{t.extendPending(formatInZone(cover.extension.endsAt, zone))}</Caption1>}
      {late >= 60_000 && <Caption1>{t.late(Math.round(late / 60_000))}</Caption1>}
      {cover.notes.map((note, index) => (
        <Caption1 key={index}>{note.message}</Caption1>
      ))}
      {cover.heldReason && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t.held}</MessageBarTitle>
            {cover.heldReason}
          </MessageBarBody>
        </MessageBar>
      )}
      {cover.failure && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t.failed}</MessageBarTitle>
            {cover.failure}
          </MessageBarBody>
        </MessageBar>
      )}
      {mine && mine.problems.length > 0 && <ProblemsAlert title={t.actionFailed} problems={mine.problems.map((message) => ({ message }))} />}
      {group !== 'ended' && (
        <div className={styles.actions}>
          {group === 'upcoming' && (
            <Button disabled={busy} onClick={() => act(cover, 'cancel')}>
              {t.cancel}
            </Button>
          )}
          {group === 'active' && (
            <>
              <Button disabled={busy} onClick={() => act(cover, 'end')}>
                {t.endNow}
              </Button>
              <Button disabled={busy || cover.extension !== null} onClick={() => act(cover, 'extend')}>
                {t.extend}
              </Button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

/** My covers, active first, then upcoming, then ended, each with what it can still do. */
export function CoverList(props: { covers: readonly CoverView[]; zone: string; action: ActionState | undefined; busy: boolean; act: (cover: CoverView, kind: CoverAction) => void }) {
  const styles = useCoversStyles();
  const t = strings.covers;
  return (
    <Card>
      <CardHeader header={<Title3 as="h2">{t.listsHeading}</Title3>} />
      {props.covers.length === 0 && <EmptyState>{t.empty}</EmptyState>}
      {COVER_GROUPS.map((group) => {
        const covers = props.covers.filter((cover) => groupOf(cover) === group);
        if (covers.length === 0) return null;
        const id = `covers-${group}`;
        return (
          <section key={group} aria-labelledby={id}>
            <Text as="h3" weight="semibold" id={id}>
              {t.groups[group]}
            </Text>
            <ul className={styles.list}>
              {covers.map((cover) => (
                <CoverItem key={cover.id} cover={cover} zone={props.zone} action={props.action} busy={props.busy} act={props.act} />
              ))}
            </ul>
          </section>
        );
      })}
    </Card>
  );
}
