import { Badge, Body1, Button, Caption1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { ErrorCircleRegular, InfoRegular, WarningRegular } from '@fluentui/react-icons';
import type { HealthFinding } from '@cgm/core';
import { shortAddress } from '../../components/address';
import { useNarrow } from '../../components/useNarrow';
import { strings } from '../../strings';
import { useHealthViewStyles } from './useHealthViewStyles.styles';

const SEVERITY_ICON = { error: <ErrorCircleRegular />, warning: <WarningRegular />, info: <InfoRegular /> } as const;
const SEVERITY_COLOR = { error: 'danger', warning: 'warning', info: 'informative' } as const;

function SeverityBadge({ finding }: { finding: HealthFinding }) {
  return (
    <Badge appearance="tint" color={SEVERITY_COLOR[finding.severity]} icon={SEVERITY_ICON[finding.severity]}>
      {strings.health.severities[finding.severity]}
    </Badge>
  );
}

function DetailsButton({ finding, onOpen }: { finding: HealthFinding; onOpen(finding: HealthFinding): void }) {
  return (
    <Button size="small" onClick={() => onOpen(finding)} aria-label={strings.health.details(finding.code, shortAddress(finding.subject))}>
      {strings.health.detailsButton}
    </Button>
  );
}

export interface FindingListProps {
  readonly findings: readonly HealthFinding[];
  onOpen(finding: HealthFinding): void;
}

/** The findings as a table, or as cards on a narrow screen so nothing needs scrolling sideways. */
export function FindingList({ findings, onOpen }: FindingListProps) {
  const styles = useHealthViewStyles();
  const narrow = useNarrow();
  if (findings.length === 0) return null;
  if (narrow) {
    return (
      <ul className={styles.cards} aria-label={strings.health.tableLabel}>
        {findings.map((finding) => (
          <li key={finding.id} className={styles.card}>
            <div className={styles.cardHead}>
              <SeverityBadge finding={finding} />
              <Text weight="semibold">{finding.code}</Text>
              <Caption1 className={styles.subject}>{shortAddress(finding.subject)}</Caption1>
            </div>
            <Body1 className={styles.message}>{finding.message}</Body1>
            <div className={styles.cardActions}>
              <DetailsButton finding={finding} onOpen={onOpen} />
            </div>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className={styles.scroll} tabIndex={0} role="region" aria-label={strings.health.tableLabel}>
      <Table className={styles.table} aria-label={strings.health.tableLabel}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.severityColumn}>{strings.health.columns.severity}</TableHeaderCell>
            <TableHeaderCell className={styles.codeColumn}>{strings.health.columns.code}</TableHeaderCell>
            <TableHeaderCell className={styles.subjectColumn}>{strings.health.columns.subject}</TableHeaderCell>
            <TableHeaderCell>{strings.health.columns.message}</TableHeaderCell>
            <TableHeaderCell className={styles.actionsColumn}>{strings.health.columns.actions}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {findings.map((finding) => (
            <TableRow key={finding.id}>
              <TableCell>
                <SeverityBadge finding={finding} />
              </TableCell>
              <TableCell>{finding.code}</TableCell>
              <TableCell className={styles.subject}>{shortAddress(finding.subject)}</TableCell>
              <TableCell className={styles.message}>{finding.message}</TableCell>
              <TableCell>
                <DetailsButton finding={finding} onOpen={onOpen} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
