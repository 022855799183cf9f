// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HealthFinding } from '@cgm/core';
import { ApiCallError } from '../../api/apiClient';
import type { ApiClient } from '../../api/apiClient';
import { renderAsAlex } from '../../testSupport/tabFixtures';
import HealthView from './HealthView';

afterEach(cleanup);

const finding = (code: string, severity: HealthFinding['severity'], subject: string, extra: Partial<HealthFinding> = {}): HealthFinding => ({
  id: `${code}|${subject}`, code, rule: 'rule', severity, subject, related: [], message: `${code} is wrong for ${subject}.`,
  firstSeen: '2026-12-01T09:00:00Z', lastSeen: '2026-12-01T09:00:00Z', ...extra,
});

const FINDINGS = [
  finding('CG01', 'error', 'sip:alex.wilber@contoso.com', { fix: { summary: 'Switch forwarding to voicemail', powershell: ['Set-CsUserCallingSettings …'] } }),
  finding('CG09', 'warning', 'sip:adele.vance@contoso.com'),
  finding('SC01', 'info', 'Global'),
];

/** An API that answers /api/health from `answers` in turn (an Error is thrown), and records every call. */
function healthApi(answers: (readonly HealthFinding[] | Error)[]): ApiClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async json(path, schema, options) {
      calls.push(`${options?.method ?? 'GET'} ${path}`);
      if (path === '/api/health') {
        const answer = answers.shift() ?? FINDINGS;
        if (answer instanceof Error) throw answer;
        return schema.parse({ findings: answer });
      }
      if (path === '/api/health/unreached') return schema.parse({ people: [], total: 0, proactiveInstall: 'off' });
      if (path.endsWith('/fix')) return schema.parse({ request: { id: 'r1', status: 'approved', needsApproval: false }, summary: 'Switch forwarding to voicemail' });
      throw new Error(`unexpected call ${path}`);
    },
    async blob() {
      throw new Error('no files here');
    },
  };
}

function renderHealth(api: ApiClient) {
  return renderAsAlex(<HealthView />, api, { approver: true });
}

describe('HealthView', () => {
  it('lists every open finding, then narrows them by severity and says how many are shown', async () => {
    renderHealth(healthApi([FINDINGS]));
    const table = await screen.findByRole('table', { name: 'Findings' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + FINDINGS.length);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Severity' }), 'warning');
    expect(screen.getByText('1 of 3 findings')).toBeTruthy();
    expect(within(table).getByText('CG09 is wrong for sip:adele.vance@contoso.com.')).toBeTruthy();
    expect(within(table).queryByText(/CG01 is wrong/)).toBeNull();
  });

  it('says the tenant is healthy when there is no finding', async () => {
    renderHealth(healthApi([[]]));
    expect(await screen.findByText('No open findings. The tenant is healthy.')).toBeTruthy();
  });

  it("shows the server's error with Try again, and lists the findings once a retry succeeds", async () => {
    const api = healthApi([new ApiCallError('The database is not answering.', 503, 'not-ready')]);
    renderHealth(api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The database is not answering.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Findings' })).toBeTruthy();
    expect(api.calls.filter((call) => call === 'GET /api/health')).toHaveLength(2);
  });

  it('asks the server to fix a finding from its details, and shows what the fix will do', async () => {
    const api = healthApi([FINDINGS]);
    renderHealth(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Details of CG01 for alex.wilber@contoso.com' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Fix' }));
    expect(await screen.findByText('Fix requested: Switch forwarding to voicemail')).toBeTruthy();
    expect(api.calls).toContain(`POST /api/health/findings/${encodeURIComponent('CG01|sip:alex.wilber@contoso.com')}/fix`);
  });
});
