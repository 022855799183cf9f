// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import type { ChangeRequest } from '@cgm/core';
import { renderInFluent } from '../../testSupport/tabFixtures';
import { RequestTimeline } from './RequestTimeline';

afterEach(cleanup);

const approved: ChangeRequest = {
  id: 'r1',
  kind: 'callGroup',
  status: 'superseded',
  requester: 'sip:alex.wilber@contoso.com',
  subject: 'sip:alex.wilber@contoso.com',
  change: { order: 'Simultaneous', targets: ['sip:brian.johnson@contoso.com'] },
  needsApproval: true,
  createdAt: '2026-12-01T08:00:00.000Z',
  decidedBy: 'sip:megan.bowen@contoso.com',
  decidedAt: '2026-12-01T08:05:00.000Z',
};

describe('RequestTimeline', () => {
  it('says why an approved request was not applied when a newer change overtook it', () => {
    renderInFluent(<RequestTimeline request={{ ...approved, failure: 'Overtaken by request r2, applied first.' }} />);
    expect(screen.getByRole('list', { name: /timeline/i }).textContent).toContain('Not applied: Overtaken by request r2, applied first.');
  });

  it('says only "replaced" for a pending request its requester replaced', () => {
    renderInFluent(<RequestTimeline request={{ ...approved, decidedBy: undefined, decidedAt: undefined }} />);
    expect(screen.getByRole('list', { name: /timeline/i }).textContent).toContain('Replaced by a newer request');
    expect(screen.queryByText(/Not applied/)).toBeNull();
  });
});
