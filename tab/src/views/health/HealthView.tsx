import { Button, Caption1 } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/ViewStates';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import { FindingDrawer } from './FindingDrawer';
import { FindingList } from './FindingList';
import { HealthFilters } from './HealthFilters';
import { UnreachedPeople } from './UnreachedPeople';
import { useHealthView } from './useHealthView';
import { useHealthViewStyles } from './useHealthViewStyles.styles';

/** Tenant health: every open finding, filtered and searched here, with details, Fix and CSV export. */
export default function HealthView() {
  const styles = useHealthViewStyles();
  const health = useHealthView();
  const { state, findings, shown } = health;
  return (
    <ViewPage id="health-title" title={strings.health.title} intro={strings.health.intro}>
      <HealthFilters filter={health.filter} codes={health.codes} onChange={health.changeFilter} />
      <div className={styles.toolbar}>
        <Caption1 role="status" aria-live="polite">
          {strings.health.count(shown.length, findings.length)}
        </Caption1>
        <Button icon={<ArrowDownloadRegular />} disabled={shown.length === 0} onClick={health.exportShown}>
          {strings.health.exportCsv}
        </Button>
        <Button icon={<ArrowDownloadRegular />} disabled={!health.online} onClick={health.exportRelationships}>
          {strings.health.exportRelationships}
        </Button>
      </div>
      {state.status === 'error' && <ErrorState error={state.error} onRetry={health.reload} />}
      {state.status === 'loading' && !state.data && <ListSkeleton rows={5} />}
      {state.data && findings.length === 0 && <EmptyState>{strings.health.allClear}</EmptyState>}
      {state.data && findings.length > 0 && shown.length === 0 && <EmptyState>{strings.health.empty}</EmptyState>}
      <FindingList findings={shown} onOpen={health.openFinding} />
      <UnreachedPeople />
      {health.open && (
        <FindingDrawer finding={health.open} onClose={health.closeFinding} onFix={(finding) => void health.fix(finding)} fixing={health.fixing} fixResult={health.fixResult} canFix={health.online} />
      )}
    </ViewPage>
  );
}
