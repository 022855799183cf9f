import { useEffect, useId, useRef, useState } from 'react';
import { Caption1, Combobox, Field, Option } from '@fluentui/react-components';
import type { Person } from '@cgm/core';
import { directorySchema } from '@cgm/core';
import type { ApiClient } from '../api/apiClient';
import { strings } from '../strings';
import { useDirectoryPickerStyles } from './useDirectoryPickerStyles.styles';

/** Wait this long after the last keystroke before searching; older searches are aborted. */
export const SEARCH_DEBOUNCE_MS = 50;

export interface DirectoryPickerProps {
  readonly api: ApiClient;
  readonly label: string;
  readonly hint?: string;
  onPick(person: Person): void;
  /** People who cannot be picked again, by sip, with the reason shown. */
  readonly taken?: ReadonlySet<string>;
  readonly disabled?: boolean;
  /** Typed text that is not a person (a phone number): passed on as typed. */
  onFreeText?(text: string): void;
}

type Search = { status: 'idle' } | { status: 'searching' } | { status: 'done'; results: Person[] } | { status: 'failed' };

/** The people picker: search-as-you-type over `GET /api/directory?q=`, showing eligibility before anyone is added. */
export function DirectoryPicker({ api, label, hint, onPick, taken, disabled, onFreeText }: DirectoryPickerProps) {
  const styles = useDirectoryPickerStyles();
  const statusId = useId();
  const [text, setText] = useState('');
  const [search, setSearch] = useState<Search>({ status: 'idle' });
  const [open, setOpen] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    const query = text.trim();
    controller.current?.abort();
    if (query === '') {
      setSearch({ status: 'idle' });
      return;
    }
    const current = new AbortController();
    controller.current = current;
    setSearch({ status: 'searching' });
    const timer = setTimeout(() => {
      api.json(`/api/directory?q=${encodeURIComponent(query)}`, directorySchema, { signal: current.signal }).then(
        (body) => !current.signal.aborted && setSearch({ status: 'done', results: body.results }),
        () => !current.signal.aborted && setSearch({ status: 'failed' }),
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      current.abort();
    };
  }, [api, text]);

  const results = search.status === 'done' ? search.results : [];
  const status =
    search.status === 'searching' ? strings.picker.searching : search.status === 'failed' ? strings.picker.failed : search.status === 'done' && results.length === 0 ? strings.picker.noResults : search.status === 'idle' ? strings.picker.typeMore : `${results.length} found`;

  return (
    <Field label={label} hint={hint}>
      <Combobox
        freeform
        disabled={disabled}
        value={text}
        // Nothing stays selected: each pick is handed on and the box is ready for the next search.
        selectedOptions={[]}
        open={open && text.trim() !== ''}
        onOpenChange={(_, data) => setOpen(data.open)}
        placeholder={strings.callGroup.pickerHint}
        aria-describedby={statusId}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onOptionSelect={(_, data) => {
          const person = results.find((candidate) => candidate.sip === data.optionValue);
          if (person) onPick(person);
          else if (data.optionText && onFreeText) onFreeText(data.optionText);
          setText('');
          setOpen(false);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && onFreeText && text.trim() !== '' && results.length === 0) {
            onFreeText(text.trim());
            setText('');
          }
        }}
      >
        {results.map((person) => {
          const isTaken = taken?.has(person.sip) ?? false;
          const eligibility = person.eligible === false ? strings.person.ineligible(person.ineligibleBecause ?? []) : strings.person.eligible;
          return (
            <Option key={person.sip} value={person.sip} text={person.displayName} disabled={isTaken}>
              <span className={styles.option}>
                <span>{person.displayName}</span>
                <Caption1>
                  {[person.department, isTaken ? strings.picker.alreadyMember : eligibility].filter(Boolean).join(' · ')}
                </Caption1>
              </span>
            </Option>
          );
        })}
      </Combobox>
      <Caption1 id={statusId} className={styles.status} aria-live="polite">
        {status}
      </Caption1>
    </Field>
  );
}
