// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import type { ChangeRequest } from '@cgm/core';
import { renderInFluent } from '../../testSupport/tabFixtures';
import { ADELE, BRIAN, fakeApi } from '../../testSupport/tabFixtures';
import { usePeopleNames } from '../../components/usePeopleNames';
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
