import { useState } from 'react';
import { Body1, Button, Caption1, Field, MessageBar, MessageBarBody, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Title3 } from '@fluentui/react-components';
import { useSession } from '../../app/session';
import type { MapNode } from '@cgm/core';
import { clustersSchema, relationshipMapSchema } from '@cgm/core';
import { DirectoryPicker } from '../../components/DirectoryPicker';
import { useAsync } from '../../components/useAsync';
import { useNarrow } from '../../components/useNarrow';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/ViewStates';
import { strings } from '../../strings';
import { ViewPage } from '../../components/ViewPage';
import { RelationshipGraph } from './RelationshipGraph';
import { shortAddress } from '../../components/address';
import { useMapViewStyles } from './useMapViewStyles.styles';

const STYLES = { ok: '', broken: '8 4', orphaned: '3 4', stale: '10 4 2 4' } as const;

function Legend() {
  const styles = useMapViewStyles();
  return (
    <ul className={styles.legend} aria-label={strings.map.legend}>
      {(Object.keys(STYLES) as (keyof typeof STYLES)[]).map((status) => (
        <li key={status} className={styles.swatch}>
          <svg width="36" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="36" y2="4" stroke="currentColor" strokeWidth="2" strokeDasharray={STYLES[status]} />
          </svg>
          <Caption1>{strings.map[status]}</Caption1>
        </li>
      ))}
    </ul>
  );
}

/** Relationship map: the call groups around one person, drawn and listed, and the largest clusters. */
export default function MapView() {
  const styles = useMapViewStyles();
  const narrow = useNarrow();
  const { api, me } = useSession();
  const [centre, setCentre] = useState(me.me.upn ?? me.me.sip);
  const [depth, setDepth] = useState(2);
  const { state, reload } = useAsync((signal) => api.json(`/api/relationships?person=${encodeURIComponent(centre)}&depth=${depth}`, relationshipMapSchema, { signal }), `${centre}|${depth}`);
  const clusters = useAsync((signal) => api.json('/api/relationships/clusters?limit=5', clustersSchema, { signal }), 'clusters');
  const map = state.data;
  const byId = new Map<string, MapNode>((map?.nodes ?? []).map((node) => [node.sip, node]));
  const name = (sip: string) => byId.get(sip)?.displayName ?? shortAddress(sip);
  const centreName = map ? name(map.centre) : centre;

  return (
    <ViewPage id="map-title" title={strings.map.title} intro={strings.map.intro}>
      <div className={styles.controls}>
        <DirectoryPicker api={api} label={strings.map.person} onPick={(person) => setCentre(person.upn ?? person.sip)} />
        <Field label={strings.map.depth}>
          <Select value={String(depth)} onChange={(_, data) => setDepth(Number(data.value))}>
            {[1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Legend />
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
          {narrow ? (
            // Narrow: one relationship a card, state and reason under the names, nothing off-screen.
            <ul className={styles.edges} aria-label={strings.map.edgesHeading}>
              {map.edges.map((edge) => (
                <li key={`${edge.owner}|${edge.member}|${edge.status}`} className={styles.edge}>
                  <Body1>{strings.map.edgeLine(name(edge.owner), name(edge.member))}</Body1>
                  <Caption1>
                    {strings.map.columns.state}: {strings.map[edge.status]}
                    {edge.reason ? `. ${strings.map.columns.why}: ${edge.reason}` : ''}
                  </Caption1>
                </li>
              ))}
            </ul>
          ) : (
            <div className={styles.scroll} tabIndex={0} role="region" aria-label={strings.map.edgesHeading}>
              <Table className={styles.table} size="small" aria-label={strings.map.edgesHeading}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{strings.map.columns.owner}</TableHeaderCell>
                    <TableHeaderCell>{strings.map.columns.member}</TableHeaderCell>
                    <TableHeaderCell>{strings.map.columns.state}</TableHeaderCell>
                    <TableHeaderCell>{strings.map.columns.why}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {map.edges.map((edge) => (
                    <TableRow key={`${edge.owner}|${edge.member}|${edge.status}`}>
                      <TableCell>{name(edge.owner)}</TableCell>
                      <TableCell>{name(edge.member)}</TableCell>
                      <TableCell>{strings.map[edge.status]}</TableCell>
                      <TableCell>{edge.reason ?? ''}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </>
      )}
      <Title3 as="h2">{strings.map.clustersHeading}</Title3>
      {clusters.state.status === 'error' && <ErrorState error={clusters.state.error} onRetry={clusters.reload} />}
      {clusters.state.status === 'loading' && !clusters.state.data && <ListSkeleton rows={2} />}
      {clusters.state.data && (
        <ol aria-label={strings.map.clustersHeading}>
          {clusters.state.data.clusters.map((cluster) => (
            <li key={cluster.hub}>
              <Body1>
                {cluster.hubName}: {strings.map.cluster(cluster.people, cluster.groups)}
                {cluster.orphanedMembers > 0 ? `, ${strings.map.clusterOrphans(cluster.orphanedMembers)}` : ''}{' '}
              </Body1>
              <Button size="small" appearance="subtle" onClick={() => setCentre(cluster.hub)}>
                {strings.map.centreOn(cluster.hubName)}
              </Button>
            </li>
          ))}
        </ol>
      )}
    </ViewPage>
  );
}
