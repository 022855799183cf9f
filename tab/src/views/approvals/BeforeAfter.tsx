import { Caption1, Text } from '@fluentui/react-components';
import type { CallingSettings, ChangeRequest, TargetType } from '@cgm/core';
import { shortAddress } from '../../components/address';
import { nameOf } from '../../components/usePeopleNames';
import { strings } from '../../strings';
import { useBeforeAfterStyles } from './useBeforeAfterStyles.styles';

/** One line of a side: a setting in words, or a person (by name, with the address that identifies them). */
interface Line {
  /** What makes two lines the same thing, before and after. */
  readonly key: string;
  readonly text: string;
  readonly address?: string;
}

/** The lines of one side of a change, for the settings the request touches. */
export function linesOf(kind: string, settings: Partial<CallingSettings> | undefined, names: ReadonlyMap<string, string> = new Map()): Line[] {
  if (!settings) return [];
  // A cover's request: the call group and call answering its start writes (its delegate is in the description).
  if (kind === 'cover') return [...linesOf('callGroup', settings, names), ...linesOf('answering', settings, names)];
  const said = (text: string): Line => ({ key: text, text });
  if (kind === 'callGroup' || kind === 'cleanup') {
    const targets = settings.CallGroupTargets ?? [];
    return [
      said(`${strings.approvals.order}: ${settings.CallGroupOrder === 'InOrder' ? strings.callGroup.inOrder : strings.callGroup.simultaneous}`),
      ...targets.map((target) => ({ key: shortAddress(target).toLowerCase(), text: nameOf(names, target), address: shortAddress(target) })),
    ];
  }
  if (kind === 'answering') {
    const rule = (on: boolean | undefined, type: TargetType | null | undefined, target: string | null | undefined) =>
      on ? `${strings.answering.targets[String(type)] ?? String(type)}${target ? ` (${nameOf(names, target)})` : ''}` : 'off';
    return [
      said(`${strings.answering.forwardingHeading}: ${rule(settings.IsForwardingEnabled, settings.ForwardingTargetType, settings.ForwardingTarget)}`),
      said(`${strings.answering.unansweredHeading}: ${rule(settings.IsUnansweredEnabled, settings.UnansweredTargetType, settings.UnansweredTarget)} ${settings.UnansweredDelay ?? ''}`),
    ];
  }
  return [said(`${settings.GroupNotificationOverride ?? strings.groups.overrideNone}`)];
}

function LineText({ line }: { line: Line }) {
  const styles = useBeforeAfterStyles();
  if (line.address === undefined || line.address === line.text) return <>{line.text}</>;
  return (
    <>
      {line.text} <Caption1 className={styles.address}>· {line.address}</Caption1>
    </>
  );
}

/** Before and after, side by side, people by name; what is new on the right is marked in words ("new"), not by colour. */
export function BeforeAfter({ request, names }: { request: ChangeRequest; names: ReadonlyMap<string, string> }) {
  const styles = useBeforeAfterStyles();
  const before = linesOf(request.kind, request.before, names);
  const after = linesOf(request.kind, request.after, names);
  const beforeKeys = new Set(before.map((line) => line.key));
  return (
    <div className={styles.grid}>
      <div className={styles.column}>
        <Text weight="semibold">{strings.approvals.before}</Text>
        <ul className={styles.list}>
          {before.length > 0 ? (
            before.map((line) => (
              <li key={line.key}>
                <LineText line={line} />
              </li>
            ))
          ) : (
            <li>{strings.approvals.none}</li>
          )}
        </ul>
      </div>
      <div className={styles.column}>
        <Text weight="semibold">{strings.approvals.after}</Text>
        <ul className={styles.list}>
          {after.map((line) => (
            <li key={line.key} className={beforeKeys.has(line.key) ? undefined : styles.added}>
              <LineText line={line} />
              {!beforeKeys.has(line.key) && <Caption1> (new)</Caption1>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
