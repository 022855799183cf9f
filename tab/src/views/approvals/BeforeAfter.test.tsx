// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import type { ChangeRequest } from '@cgm/core';
import { renderInFluent } from '../../testSupport/tabFixtures';
import { ADELE, BRIAN, fakeApi } from '../../testSupport/tabFixtures';
import { usePeopleNames } from '../../components/usePeopleNames';
import { formatWhen } from '../../strings';
import { addressesOf, describeChange } from '../requests/describeChange';
import { BeforeAfter, linesOf } from './BeforeAfter';

afterEach(cleanup);

const request: ChangeRequest = {
  id: 'r1',
  kind: 'callGroup',
  status: 'pending',
  requester: 'sip:alex.wilber@contoso.com',
  subject: 'sip:alex.wilber@contoso.com',
  change: { order: 'Simultaneous', targets: ['sip:brian.johnson@contoso.com', 'sip:adele.vance@contoso.com'] },
  needsApproval: true,
  createdAt: '2026-12-01T08:00:00.000Z',
  before: { CallGroupOrder: 'Simultaneous', CallGroupTargets: ['sip:Brian.Johnson@contoso.com'] },
  after: { CallGroupOrder: 'Simultaneous', CallGroupTargets: ['sip:brian.johnson@contoso.com', 'sip:adele.vance@contoso.com', 'sip:left.company@contoso.com'] },
};

function Named({ api }: { api: ReturnType<typeof fakeApi> }) {
  const names = usePeopleNames(api, addressesOf(request));
  return (
    <>
      <p>{describeChange(request, (ref) => names.get(ref.replace(/^sip:/i, '').toLowerCase()) ?? ref.replace(/^sip:/i, ''))}</p>
      <BeforeAfter request={request} names={names} />
    </>
  );
}

describe('approvals name people, not addresses', () => {
  it('lists every address a request names, once per side and change', () => {
    expect(new Set(addressesOf(request).map((ref) => ref.toLowerCase()))).toEqual(
      new Set(['sip:alex.wilber@contoso.com', 'sip:brian.johnson@contoso.com', 'sip:adele.vance@contoso.com', 'sip:left.company@contoso.com']),
    );
  });

  it('marks as new only who was not there before, whatever the case of the address', () => {
    const before = new Set(linesOf('callGroup', request.before).map((line) => line.key));
    const added = linesOf('callGroup', request.after).filter((line) => !before.has(line.key));
    expect(added.map((line) => line.address)).toEqual(['adele.vance@contoso.com', 'left.company@contoso.com']);
  });

  it('shows directory names with the address beside them, and the bare address for someone the directory does not know', async () => {
    // The directory also answers a prefix search with people who merely start the same: only an exact address counts.
    const api = fakeApi([BRIAN, ADELE]);
    const original = api.json.bind(api);
    api.json = async (path, schema, options) => {
      const q = new URL(path, 'http://tab.test').searchParams.get('q') ?? '';
      if (path.startsWith('/api/directory')) {
        api.calls.push(path);
        return schema.parse({ results: [BRIAN, ADELE].filter((person) => person.upn === q) });
      }
      return original(path, schema, options);
    };
    renderInFluent(<Named api={api} />);
    await waitFor(() => expect(screen.getByText('Ring everyone at once: Brian Johnson, Adele Vance')).toBeTruthy());
    const [, after] = screen.getAllByRole('list');
    if (!after) throw new Error('no After list');
    const items = within(after).getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(['Ring order: Ring everyone at once', 'Brian Johnson · brian.johnson@contoso.com', 'Adele Vance · adele.vance@contoso.com (new)', 'left.company@contoso.com (new)']);
    // One look-up per distinct address, whatever its case or sip: prefix.
    expect(api.calls.filter((call) => call.startsWith('/api/directory')).sort()).toEqual(
      ['alex.wilber@contoso.com', 'brian.johnson@contoso.com', 'adele.vance@contoso.com', 'left.company@contoso.com'].map((address) => `/api/directory?q=${encodeURIComponent(address)}`).sort(),
    );
  });
});

describe('a cover waiting for an approver', () => {
  const cover: ChangeRequest = {
    ...request,
    kind: 'cover',
    change: { kind: 'cover', coverId: 'c1', phase: 'approval', summary: 'Cover from …', startsAt: '2027-01-02T09:00:00.000Z', endsAt: '2027-01-09T17:00:00.000Z' },
    notes: {
      summary: 'Cover from …',
      coverId: 'c1',
      cover: {
        startsAt: '2027-01-02T09:00:00.000Z',
        endsAt: '2027-01-09T17:00:00.000Z',
        callGroup: { add: ['sip:adele.vance@contoso.com'] },
        answering: { unanswered: { enabled: true, targetType: 'SingleTarget', target: 'sip:lee.gu@contoso.com', delaySeconds: 20 } },
        delegate: { target: 'sip:brian.johnson@contoso.com', permissions: { MakeCalls: true, ReceiveCalls: true, ManageSettings: false, PickUpHeldCalls: true, JoinActiveCalls: false } },
      },
    },
    before: { CallGroupOrder: 'Simultaneous', CallGroupTargets: ['sip:brian.johnson@contoso.com'], IsForwardingEnabled: false, IsUnansweredEnabled: false },
    after: { CallGroupOrder: 'Simultaneous', CallGroupTargets: ['sip:brian.johnson@contoso.com', 'sip:adele.vance@contoso.com'], IsForwardingEnabled: false, IsUnansweredEnabled: true, UnansweredTargetType: 'SingleTarget', UnansweredTarget: 'sip:lee.gu@contoso.com', UnansweredDelay: '00:00:20' },
  };
  const name = (ref: string) => ({ 'sip:adele.vance@contoso.com': 'Adele Vance', 'sip:brian.johnson@contoso.com': 'Brian Johnson', 'sip:lee.gu@contoso.com': 'Lee Gu' })[ref] ?? ref;

  it('says who covers what, from when to when, not only the server\'s one-line summary', () => {
    const line = describeChange(cover, name);
    expect(line).toContain('Adele Vance joins the call group');
    expect(line).toContain('Lee Gu gets unanswered calls');
    expect(line).toContain('Brian Johnson becomes a delegate');
    expect(line).toContain(formatWhen('2027-01-02T09:00:00.000Z'));
    expect(line).toContain(formatWhen('2027-01-09T17:00:00.000Z'));
    expect(line).not.toContain('Cover from …');
  });

  it('shows an extension as the end it has and the one asked for', () => {
    const extension = { ...cover, change: { ...cover.change, phase: 'extension', endsAt: '2027-01-16T17:00:00.000Z' } };
    expect(describeChange(extension, name)).toContain(`${formatWhen('2027-01-09T17:00:00.000Z')} → ${formatWhen('2027-01-16T17:00:00.000Z')}`);
  });

  it('names the people the cover names, and shows the call group and call answering before and after', () => {
    expect(addressesOf(cover)).toEqual(expect.arrayContaining(['sip:lee.gu@contoso.com', 'sip:brian.johnson@contoso.com', 'sip:adele.vance@contoso.com']));
    const before = new Set(linesOf('cover', cover.before).map((line) => line.key));
    const added = linesOf('cover', cover.after).filter((line) => !before.has(line.key));
    expect(added.map((line) => line.address ?? line.text)).toEqual(['adele.vance@contoso.com', expect.stringContaining('lee.gu@contoso.com')]);
  });

  it('falls back to the summary when the request carries no cover (its start or end)', () => {
    expect(describeChange({ ...cover, notes: { summary: 'x', coverId: 'c1', cover: { notes: [] } } }, name)).toBe('Cover from …');
  });
});
