import { Field, ProgressBar } from '@fluentui/react-components';
import type { CallGroupOrder } from '@cgm/core';
import { strings } from '../../strings';
import { useLimitMetersStyles } from './useLimitMetersStyles.styles';

/** Teams' limits as meters: members of 25, and ring in order up to 5. Over a limit says so in words, not only in red. */
export function LimitMeters({ members, maxMembers, maxInOrder, order }: { members: number; maxMembers: number; maxInOrder: number; order: CallGroupOrder }) {
  const styles = useLimitMetersStyles();
  const overMembers = members > maxMembers;
  const inOrder = order === 'InOrder';
  const overInOrder = inOrder && members > maxInOrder;
  return (
    <div className={styles.meters}>
      <Field label={strings.meters.members(members, maxMembers)} validationState={overMembers ? 'error' : 'none'} validationMessage={overMembers ? strings.meters.overLimit : undefined}>
        <ProgressBar className={styles.track} value={Math.min(members, maxMembers)} max={maxMembers} color={overMembers ? 'error' : 'brand'} thickness="large" />
      </Field>
      <Field
        label={inOrder ? strings.meters.inOrder(members, maxInOrder) : strings.meters.inOrderUnused(maxInOrder)}
        validationState={overInOrder ? 'error' : 'none'}
        validationMessage={overInOrder ? strings.meters.overLimit : undefined}
      >
        <ProgressBar className={styles.track} value={inOrder ? Math.min(members, maxInOrder) : 0} max={maxInOrder} color={overInOrder ? 'error' : 'brand'} thickness="large" />
      </Field>
    </div>
  );
}
