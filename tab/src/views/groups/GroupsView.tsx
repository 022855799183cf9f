import { Text } from '@fluentui/react-components';
import { InfoRegular } from '@fluentui/react-icons';
import { useSession } from '../../app/session';
import { ProblemList } from '../../components/ProblemList';
import { problemsOfGroupsImIn } from '../../components/useProblems';
import { EmptyState } from '../../components/ViewStates';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import { MembershipCard } from './MembershipCard';
import { OverrideCard } from './OverrideCard';
import { useGroupsViewStyles } from './useGroupsViewStyles.styles';

/** Groups I'm in: whose call groups list me, and how each one alerts me. */
export function GroupsView() {
  const styles = useGroupsViewStyles();
  // The groups come with my page (/api/me), already loaded by the shell: this view has no load of its own.
  const { me } = useSession();
  return (
    <ViewPage id="groups-title" title={strings.groups.title} intro={strings.groups.intro}>
      <Text className={styles.note}>
        <InfoRegular aria-hidden="true" />
        {strings.groups.mobileNote}
      </Text>
      <ProblemList show={problemsOfGroupsImIn} label={strings.problems.groupsImIn} />
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
