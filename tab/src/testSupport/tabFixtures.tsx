import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import type { CallingSettings } from '@cgm/core';
import { defaultCallingSettings } from '@cgm/core';
import type { ApiClient } from '../api/apiClient';
import type { Person } from '@cgm/core';

// jsdom has no ResizeObserver; Fluent's MessageBar watches its own width to reflow its actions.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

/** Test support: people from the Contoso demo tenant as the API shows them, and a fake API. */
export const person = (name: string, extra: Partial<Person> = {}): Person => {
  const upn = `${name.toLowerCase().replace(/ /g, '.')}@contoso.com`;
  return { id: `id-${upn}`, upn, sip: `sip:${upn}`, displayName: name, department: 'Sales', eligible: true, ineligibleBecause: [], groupCount: 0, ...extra };
};

export const ALEX = person('Alex Wilber');
export const BRIAN = person('Brian Johnson', { target: 'sip:brian.johnson@contoso.com' });
export const CHRISTIE = person('Christie Cline', { target: 'sip:christie.cline@contoso.com' });
export const ADELE = person('Adele Vance');
export const VALENTINA = person('Valentina Ricci', { department: 'Finance', eligible: false, ineligibleBecause: [{ code: 'no-teams-phone-license', message: 'no Teams Phone license' }] });

export const alexSettings: CallingSettings = {
  ...defaultCallingSettings('sip:alex.wilber@contoso.com'),
  CallGroupTargets: ['sip:brian.johnson@contoso.com', 'sip:christie.cline@contoso.com'],
  IsForwardingEnabled: true,
  ForwardingType: 'Simultaneous',
  ForwardingTargetType: 'Group',
  IsUnansweredEnabled: true,
  UnansweredTargetType: 'Voicemail',
};

/** An API whose directory search answers from `people` by name prefix; every call is recorded. */
export function fakeApi(people: readonly Person[]): ApiClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async json(path, schema) {
      calls.push(path);
      const url = new URL(path, 'http://tab.test');
      if (url.pathname === '/api/directory') {
        const q = (url.searchParams.get('q') ?? '').toLowerCase();
        return schema.parse({ results: people.filter((p) => p.displayName.toLowerCase().split(' ').some((word) => word.startsWith(q))) });
      }
      throw new Error(`unexpected call ${path}`);
    },
    async blob() {
      throw new Error('no files here');
    },
  };
}

export function renderInFluent(ui: ReactElement) {
  return render(<FluentProvider theme={teamsLightTheme}>{ui}</FluentProvider>);
}
