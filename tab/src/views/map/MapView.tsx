import { Field, MessageBar, MessageBarBody, Select, Title3 } from '@fluentui/react-components';
import { DirectoryPicker } from '../../components/DirectoryPicker';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/ViewStates';
import { ViewPage } from '../../components/ViewPage';
import { strings } from '../../strings';
import { ClusterList } from './ClusterList';
import { EdgeList } from './EdgeList';
import { MapLegend } from './MapLegend';
import { RelationshipGraph } from './RelationshipGraph';
import { DEPTHS, useMapView } from './useMapView';
import { useMapViewStyles } from './useMapViewStyles.styles';

/** Relationship map: the call groups around one person, drawn and listed, and the largest clusters. */
export default function MapView() {
  const styles = useMapViewStyles();
  const { api, state, reload, map, clusters, setCentre, depth, setDepth, name, centreName } = useMapView();
  return (
    <ViewPage id="map-title" title={strings.map.title} intro={strings.map.intro}>
      <div className={styles.controls}>
        <DirectoryPicker api={api} label={strings.map.person} onPick={(person) => setCentre(person.upn ?? person.sip)} />
        <Field label={strings.map.depth}>
          <Select value={String(depth)} onChange={(_, data) => setDepth(Number(data.value))}>
            {DEPTHS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <MapLegend />
      {state.status === 'error' && <ErrorState error={state.error} onRetry={reload} />}
      {state.status === 'loading' && !map && <ListSkeleton rows={3} />}
      {map && map.truncated && (
        <MessageBar intent="warning">
          <MessageBarBody>{strings.map.truncated}</MessageBarBody>
        </MessageBar>
      )}
      {map && map.edges.length === 0 && <EmptyState>{strings.map.noRelationships}</EmptyState>}
      {map && map.edges.length > 0 && (
        <>
          <RelationshipGraph map={map} centreName={centreName} />
          <Title3 as="h2">{strings.map.edgesHeading}</Title3>
          <EdgeList edges={map.edges} name={name} />
        </>
      )}
      <Title3 as="h2">{strings.map.clustersHeading}</Title3>
      {clusters.state.status === 'error' && <ErrorState error={clusters.state.error} onRetry={clusters.reload} />}
      {clusters.state.status === 'loading' && !clusters.state.data && <ListSkeleton rows={2} />}
      {clusters.state.data && <ClusterList clusters={clusters.state.data.clusters} onCentre={setCentre} />}
    </ViewPage>
  );
}
