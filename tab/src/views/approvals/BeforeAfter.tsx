import { Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ChangeRequest } from '../../api/schemas';
import { strings } from '../../strings';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalL },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, padding: tokens.spacingVerticalS, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, overflowWrap: 'anywhere' },
  added: { fontWeight: tokens.fontWeightSemibold },
});

const short = (ref: string) => ref.replace(/^sip:/i, '');

/** The lines of one side of a change, for the settings the request touches. */
function linesOf(kind: string, settings: Record<string, unknown> | undefined): string[] {
  if (!settings) return [];
  if (kind === 'callGroup' || kind === 'cleanup') {
    const targets = Array.isArray(settings['CallGroupTargets']) ? (settings['CallGroupTargets'] as string[]) : [];
    return [`${strings.approvals.order}: ${settings['CallGroupOrder'] === 'InOrder' ? strings.callGroup.inOrder : strings.callGroup.simultaneous}`, ...targets.map(short)];
  }
  if (kind === 'answering') {
    const rule = (on: unknown, type: unknown, target: unknown) => (on ? `${strings.answering.targets[String(type)] ?? String(type)}${target ? ` (${short(String(target))})` : ''}` : 'off');
    return [
      `${strings.answering.forwardingHeading}: ${rule(settings['IsForwardingEnabled'], settings['ForwardingTargetType'], settings['ForwardingTarget'])}`,
      `${strings.answering.unansweredHeading}: ${rule(settings['IsUnansweredEnabled'], settings['UnansweredTargetType'], settings['UnansweredTarget'])} ${String(settings['UnansweredDelay'] ?? '')}`,
    ];
  }
  return [`${String(settings['GroupNotificationOverride'] ?? strings.groups.overrideNone)}`];
}

/** Before and after, side by side; what is new on the right is marked in words ("added"), not by colour. */
export function BeforeAfter({ request }: { request: ChangeRequest }) {
  const styles = useStyles();
  const before = linesOf(request.kind, request.before);
  const after = linesOf(request.kind, request.after);
  return (
    <div className={styles.grid}>
      <div className={styles.column}>
        <Text weight="semibold">{strings.approvals.before}</Text>
        <ul className={styles.list}>{before.length > 0 ? before.map((line, i) => <li key={i}>{line}</li>) : <li>{strings.approvals.none}</li>}</ul>
      </div>
      <div className={styles.column}>
        <Text weight="semibold">{strings.approvals.after}</Text>
        <ul className={styles.list}>
          {after.map((line, i) => (
            <li key={i} className={before.includes(line) ? undefined : styles.added}>
              {line}
              {!before.includes(line) && <Caption1> (new)</Caption1>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
