import { useMemo, useState } from 'react';
import { Badge, Body1, Button, Caption1, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { ArrowDownloadRegular, ErrorCircleRegular, InfoRegular, SearchRegular, WarningRegular } from '@fluentui/react-icons';
import { useSession } from '../../app/session';
import type { HealthFinding } from '@cgm/core';
import { fixSchema, healthSchema } from '@cgm/core';
import { useAsync } from '../../components/useAsync';
import { useNarrow } from '../../components/useNarrow';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/ViewStates';
import { strings } from '../../strings';
import { ViewPage } from '../../components/ViewPage';
import { FindingDrawer } from './FindingDrawer';
import type { FindingFilter } from './findingsCsv';
import { download, filterFindings, findingsCsv } from './findingsCsv';
import { shortAddress } from '../../components/address';
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

/** Tenant health: every open finding, filtered and searched here, with details, Fix and CSV export. */
export default function HealthView() {
  const styles = useHealthViewStyles();
  const narrow = useNarrow();
  const { api, online } = useSession();
  const { state, reload } = useAsync((signal) => api.json('/api/health', healthSchema, { signal }), 'health');
  const [filter, setFilter] = useState<FindingFilter>({ text: '', severity: '', code: '', person: '' });
  const [open, setOpen] = useState<HealthFinding | undefined>();
  const [fixing, setFixing] = useState(false);
  const [fixResult, setFixResult] = useState<{ ok: boolean; message: string } | undefined>();
  const findings = useMemo(() => state.data?.findings ?? [], [state.data]);
  const shown = useMemo(() => filterFindings(findings, filter), [findings, filter]);
  const codes = useMemo(() => [...new Set(findings.map((f) => f.code))].sort(), [findings]);
  const set = (patch: Partial<FindingFilter>) => setFilter((current) => ({ ...current, ...patch }));
  const openFinding = (finding: HealthFinding) => {
    setFixResult(undefined);
    setOpen(finding);
  };

  const fix = async (finding: HealthFinding) => {
    setFixing(true);
    setFixResult(undefined);
    try {
      const result = await api.json(`/api/health/findings/${encodeURIComponent(finding.id)}/fix`, fixSchema, { method: 'POST' });
      setFixResult({ ok: true, message: strings.health.fixed(result.summary) });
    } catch (error) {
      setFixResult({ ok: false, message: error instanceof Error ? error.message : String(error) });
    } finally {
      setFixing(false);
    }
  };

  return (
    <ViewPage id="health-title" title={strings.health.title} intro={strings.health.intro}>
      <div className={styles.filters} role="search" aria-label={strings.health.search}>
        <Field label={strings.health.search}>
          <Input type="search" contentBefore={<SearchRegular aria-hidden="true" />} value={filter.text} onChange={(_, data) => set({ text: data.value })} />
        </Field>
        <Field label={strings.health.severity}>
          <Select value={filter.severity} onChange={(_, data) => set({ severity: data.value })}>
            <option value="">{strings.health.any}</option>
            {(['error', 'warning', 'info'] as const).map((severity) => (
              <option key={severity} value={severity}>
                {strings.health.severities[severity]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={strings.health.code}>
          <Select value={filter.code} onChange={(_, data) => set({ code: data.value })}>
            <option value="">{strings.health.any}</option>
            {codes.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={strings.health.person}>
          <Input value={filter.person} onChange={(_, data) => set({ person: data.value })} />
        </Field>
      </div>
      <div className={styles.toolbar}>
        <Caption1 role="status" aria-live="polite">
          {strings.health.count(shown.length, findings.length)}
        </Caption1>
        <Button icon={<ArrowDownloadRegular />} disabled={shown.length === 0} onClick={() => download('findings.csv', new Blob([findingsCsv(shown)], { type: 'text/csv' }))}>
          {strings.health.exportCsv}
        </Button>
        <Button icon={<ArrowDownloadRegular />} disabled={!online} onClick={() => void api.blob('/api/export/relationships.csv').then((blob) => download('call-group-relationships.csv', blob))}>
          {strings.health.exportRelationships}
        </Button>
      </div>
      {state.status === 'error' && <ErrorState error={state.error} onRetry={reload} />}
      {state.status === 'loading' && !state.data && <ListSkeleton rows={5} />}
      {state.data && findings.length === 0 && <EmptyState>{strings.health.allClear}</EmptyState>}
      {state.data && findings.length > 0 && shown.length === 0 && <EmptyState>{strings.health.empty}</EmptyState>}
      {shown.length > 0 && !narrow && (
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
              {shown.map((finding) => (
                <TableRow key={finding.id}>
                  <TableCell>
                    <SeverityBadge finding={finding} />
                  </TableCell>
                  <TableCell>{finding.code}</TableCell>
                  <TableCell className={styles.subject}>{shortAddress(finding.subject)}</TableCell>
                  <TableCell className={styles.message}>{finding.message}</TableCell>
                  <TableCell>
                    <DetailsButton finding={finding} onOpen={openFinding} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {shown.length > 0 && narrow && (
        // Narrow: each finding as a card, everything readable without scrolling sideways.
        <ul className={styles.cards} aria-label={strings.health.tableLabel}>
          {shown.map((finding) => (
            <li key={finding.id} className={styles.card}>
              <div className={styles.cardHead}>
                <SeverityBadge finding={finding} />
                <Text weight="semibold">{finding.code}</Text>
                <Caption1 className={styles.subject}>{shortAddress(finding.subject)}</Caption1>
              </div>
              <Body1 className={styles.message}>{finding.message}</Body1>
              <div className={styles.cardActions}>
                <DetailsButton finding={finding} onOpen={openFinding} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {open && <FindingDrawer finding={open} onClose={() => setOpen(undefined)} onFix={(finding) => void fix(finding)} fixing={fixing} fixResult={fixResult} canFix={online} />}
    </ViewPage>
  );
}
