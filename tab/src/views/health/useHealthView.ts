import { useMemo, useState } from 'react';
import type { HealthFinding } from '@cgm/core';
import { fixSchema, healthSchema } from '@cgm/core';
import { useSession } from '../../app/session';
import { useAsync } from '../../components/useAsync';
import { strings } from '../../strings';
import type { FindingFilter } from './findingsCsv';
import { download, filterFindings, findingsCsv } from './findingsCsv';

/** What asking for a fix came to, in words for the drawer. */
export interface FixResult {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Tenant health's state: the findings load (loading, error or ready, from `useAsync`), the
 * filter applied here in the browser, the finding open in the drawer, and the Fix call with
 * its own pending and result states.
 */
export function useHealthView() {
  const { api, online } = useSession();
  const { state, reload } = useAsync((signal) => api.json('/api/health', healthSchema, { signal }), 'health');
  const [filter, setFilter] = useState<FindingFilter>({ text: '', severity: '', code: '', person: '' });
  const [open, setOpen] = useState<HealthFinding | undefined>();
  const [fixing, setFixing] = useState(false);
  const [fixResult, setFixResult] = useState<FixResult | undefined>();
  const findings = useMemo(() => state.data?.findings ?? [], [state.data]);
  const shown = useMemo(() => filterFindings(findings, filter), [findings, filter]);
  const codes = useMemo(() => [...new Set(findings.map((f) => f.code))].sort(), [findings]);

  const changeFilter = (patch: Partial<FindingFilter>) => setFilter((current) => ({ ...current, ...patch }));
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
  const exportShown = () => download('findings.csv', new Blob([findingsCsv(shown)], { type: 'text/csv' }));
  const exportRelationships = () => void api.blob('/api/export/relationships.csv').then((blob) => download('call-group-relationships.csv', blob));

  return {
    state, reload, online, findings, shown, codes, filter, changeFilter,
    open, openFinding, closeFinding: () => setOpen(undefined), fix, fixing, fixResult, exportShown, exportRelationships,
  };
}
