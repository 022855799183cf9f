import { Field, Input, Select } from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import { strings } from '../../strings';
import type { FindingFilter } from './findingsCsv';
import { useHealthViewStyles } from './useHealthViewStyles.styles';

export interface HealthFiltersProps {
  readonly filter: FindingFilter;
  /** The finding codes present, for the code filter. */
  readonly codes: readonly string[];
  onChange(patch: Partial<FindingFilter>): void;
}

/** The search box and filters over the findings, as one search landmark. */
export function HealthFilters({ filter, codes, onChange }: HealthFiltersProps) {
  const styles = useHealthViewStyles();
  return (
    <div className={styles.filters} role="search" aria-label={strings.health.search}>
      <Field label={strings.health.search}>
        <Input type="search" contentBefore={<SearchRegular aria-hidden="true" />} value={filter.text} onChange={(_, data) => onChange({ text: data.value })} />
      </Field>
      <Field label={strings.health.severity}>
        <Select value={filter.severity} onChange={(_, data) => onChange({ severity: data.value })}>
          <option value="">{strings.health.any}</option>
          {(['error', 'warning', 'info'] as const).map((severity) => (
            <option key={severity} value={severity}>
              {strings.health.severities[severity]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={strings.health.code}>
        <Select value={filter.code} onChange={(_, data) => onChange({ code: data.value })}>
          <option value="">{strings.health.any}</option>
          {codes.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={strings.health.person}>
        <Input value={filter.person} onChange={(_, data) => onChange({ person: data.value })} />
      </Field>
    </div>
  );
}
