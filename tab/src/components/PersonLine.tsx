import { Avatar, Caption1, Text } from '@fluentui/react-components';
import { CheckmarkCircleRegular, WarningRegular } from '@fluentui/react-icons';
import type { Person } from '@cgm/core';
import { strings } from '../strings';
import { usePersonLineStyles } from './usePersonLineStyles.styles';

/** Eligibility in words with an icon, never by colour alone. */
export function Eligibility({ person }: { person: Person }) {
  const styles = usePersonLineStyles();
  if (person.eligible === undefined) return null;
  return person.eligible ? (
    <Caption1 className={styles.eligibility}>
      <CheckmarkCircleRegular className={styles.ok} aria-hidden="true" />
      {strings.person.eligible}
    </Caption1>
  ) : (
    <Caption1 className={styles.eligibility}>
      <WarningRegular className={styles.bad} aria-hidden="true" />
      {strings.person.ineligible(person.ineligibleBecause ?? [])}
    </Caption1>
  );
}

/** A person with initials, department and eligibility, as every list in the tab shows them. */
export function PersonLine({ person, showEligibility = true }: { person: Person; showEligibility?: boolean }) {
  const styles = usePersonLineStyles();
  return (
    <div className={styles.line}>
      <Avatar name={person.displayName} size={32} aria-hidden="true" color="colorful" />
      <div className={styles.text}>
        <Text weight="semibold" className={styles.name}>
          {person.displayName}
        </Text>
        {person.department && <Caption1>{person.department}</Caption1>}
        {showEligibility && <Eligibility person={person} />}
      </div>
    </div>
  );
}
