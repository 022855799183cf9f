import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import type { CallingSettings } from '@cgm/core';
import { defaultCallingSettings } from '@cgm/core';
import type { ApiClient } from '../api/apiClient';
import type { Person } from '@cgm/core';
import { SessionContext } from '../app/session';
import type { Session } from '../app/session';
import type { Host } from '../host/teamsHost';

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

/**
 * Renders a view as Alex Wilber signed in (no call group members, the default approval policy,
 * online), approver or not and in the browser unless told, so that a view's test states only
 * what its view reads.
 */
export function renderAsAlex(ui: ReactElement, api: ApiClient, options: { readonly approver?: boolean; readonly host?: Host } = {}) {
  const session: Session = {
    api,
    me: {
      me: ALEX, roles: { approver: options.approver ?? false }, settings: alexSettings, memberships: [], notificationOverride: null, requests: [],
      callGroup: { order: 'Simultaneous', members: [], limits: { members: 0, maxMembers: 25, maxInOrder: 5, characters: 0, maxCharacters: 800, maxGroupsPerMember: 25 } },
    },
    reloadMe: () => undefined,
    approvalPolicy: 'on-add-or-group-forwarding',
    host: options.host ?? { kind: 'browser' },
    online: true,
  };
  return renderInFluent(<SessionContext.Provider value={session}>{ui}</SessionContext.Provider>);
}
