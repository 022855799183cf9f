import { Body1, Button } from '@fluentui/react-components';
import type { ClustersResponse } from '@cgm/core';
import { strings } from '../../strings';

export interface ClusterListProps {
  readonly clusters: ClustersResponse['clusters'];
  onCentre(hub: string): void;
}

/** The tenant's largest clusters of connected call groups, each one click from the centre of the map. */
export function ClusterList({ clusters, onCentre }: ClusterListProps) {
  return (
    <ol aria-label={strings.map.clustersHeading}>
      {clusters.map((cluster) => (
        <li key={cluster.hub}>
          <Body1>
            {cluster.hubName}: {strings.map.cluster(cluster.people, cluster.groups)}
            {cluster.orphanedMembers > 0 ? `, ${strings.map.clusterOrphans(cluster.orphanedMembers)}` : ''}{' '}
          </Body1>
          <Button size="small" appearance="subtle" onClick={() => onCentre(cluster.hub)}>
            {strings.map.centreOn(cluster.hubName)}
          </Button>
        </li>
      ))}
    </ol>
  );
}
