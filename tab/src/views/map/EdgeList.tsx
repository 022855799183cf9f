import { Body1, Caption1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { MapEdge } from '@cgm/core';
import { useNarrow } from '../../components/useNarrow';
import { strings } from '../../strings';
import { useMapViewStyles } from './useMapViewStyles.styles';

export interface EdgeListProps {
  readonly edges: readonly MapEdge[];
  name(sip: string): string;
}

const keyOf = (edge: MapEdge) => `${edge.owner}|${edge.member}|${edge.status}`;

/** The map's relationships in words: a table, or on a narrow screen one card each, nothing off-screen. */
export function EdgeList({ edges, name }: EdgeListProps) {
  const styles = useMapViewStyles();
  const narrow = useNarrow();
  if (narrow) {
    return (
      <ul className={styles.edges} aria-label={strings.map.edgesHeading}>
        {edges.map((edge) => (
          <li key={keyOf(edge)} className={styles.edge}>
            <Body1>{strings.map.edgeLine(name(edge.owner), name(edge.member))}</Body1>
            <Caption1>
              {strings.map.columns.state}: {strings.map[edge.status]}
              {edge.reason ? `. ${strings.map.columns.why}: ${edge.reason}` : ''}
            </Caption1>
          </li>
        ))}
      </ul>
    );
  }
  return (
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
          {edges.map((edge) => (
            <TableRow key={keyOf(edge)}>
              <TableCell>{name(edge.owner)}</TableCell>
              <TableCell>{name(edge.member)}</TableCell>
              <TableCell>{strings.map[edge.status]}</TableCell>
              <TableCell>{edge.reason ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
