import { Button, Caption1, Text } from '@fluentui/react-components';
import { ArrowDownRegular, ArrowUpRegular, DeleteRegular, ErrorCircleRegular } from '@fluentui/react-icons';
import type { Problem } from '@cgm/core';
import type { Person } from '@cgm/core';
import { PersonLine } from '../../components/PersonLine';
import { strings } from '../../strings';
import { useMemberListStyles } from './useMemberListStyles.styles';

export interface MemberListProps {
  readonly members: readonly Person[];
  readonly inOrder: boolean;
  /** core's problems; those with path `targets[i]` are shown on member i. */
  readonly problems: readonly Problem[];
  onRemove(index: number): void;
  onMove(index: number, delta: -1 | 1): void;
  readonly disabled?: boolean;
}

/** The members in ring order, each with its own problems in words and buttons to reorder and remove. */
export function MemberList({ members, inOrder, problems, onRemove, onMove, disabled }: MemberListProps) {
  const styles = useMemberListStyles();
  return (
    <ol className={styles.list} aria-label={strings.callGroup.membersHeading}>
      {members.map((person, index) => {
        const own = problems.filter((problem) => problem.path === `targets[${index}]`);
        const problemId = `member-problem-${index}`;
        return (
          <li key={person.sip} className={own.length > 0 ? `${styles.item} ${styles.invalid}` : styles.item} aria-describedby={own.length > 0 ? problemId : undefined}>
            {inOrder && <Text className={styles.position}>{strings.callGroup.position(index + 1)}</Text>}
            <div className={styles.person}>
              <PersonLine person={person} />
            </div>
            <div className={styles.actions}>
              {inOrder && (
                <>
                  <Button appearance="subtle" icon={<ArrowUpRegular />} aria-label={strings.callGroup.moveUp(person.displayName)} disabled={disabled || index === 0} onClick={() => onMove(index, -1)} />
                  <Button appearance="subtle" icon={<ArrowDownRegular />} aria-label={strings.callGroup.moveDown(person.displayName)} disabled={disabled || index === members.length - 1} onClick={() => onMove(index, 1)} />
                </>
              )}
              <Button appearance="subtle" icon={<DeleteRegular />} aria-label={strings.callGroup.remove(person.displayName)} disabled={disabled} onClick={() => onRemove(index)} />
            </div>
            {own.length > 0 && (
              <div id={problemId} className={styles.problem}>
                <ErrorCircleRegular aria-hidden="true" />
                <Caption1>{own.map((problem) => problem.message).join(' ')}</Caption1>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
