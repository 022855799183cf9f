// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CallGroupChange } from '@cgm/core';
import { ADELE, ALEX, BRIAN, CHRISTIE, VALENTINA, alexSettings, fakeApi, person, renderInFluent } from '../../testSupport/tabFixtures';
import { CallGroupEditor } from './CallGroupEditor';

afterEach(cleanup);

const EXTRA = [person('Diego Siciliani'), person('Lee Gu'), person('Irvin Sayers')];

function renderEditor(options: { canSend?: boolean; policy?: 'always' | 'never' | 'on-add-or-group-forwarding' } = {}) {
  const onSubmit = vi.fn<(change: CallGroupChange) => void>();
  const api = fakeApi([ADELE, VALENTINA, ...EXTRA]);
  renderInFluent(
    <CallGroupEditor api={api} me={ALEX} settings={alexSettings} members={[BRIAN, CHRISTIE]} approvalPolicy={options.policy ?? 'on-add-or-group-forwarding'} canSend={options.canSend ?? true} onSubmit={onSubmit} />,
  );
  return { onSubmit, api, user: userEvent.setup() };
}

async function addPerson(user: ReturnType<typeof userEvent.setup>, name: string) {
  const picker = screen.getByRole('combobox', { name: 'Add a person' });
  await user.click(picker);
  await user.type(picker, name.split(' ')[0] ?? name);
  await user.click(await screen.findByRole('option', { name: new RegExp(name) }));
}

const submitButton = () => screen.getByRole('button', { name: 'Send change' });

describe('CallGroupEditor', () => {
  it('shows the current members with eligibility in words and cannot send an unchanged group', () => {
    renderEditor();
    const list = screen.getByRole('list', { name: 'Members' });
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringContaining('Brian Johnson'),
      expect.stringContaining('Christie Cline'),
    ]);
    expect(within(list).getAllByText('Can be in a call group')).toHaveLength(2);
    expect(screen.getByText('Members: 2 of 25')).toBeTruthy();
    expect(submitButton()).toHaveProperty('disabled', true);
    expect(screen.getByText('Nothing changed yet.')).toBeTruthy();
  });

  it('adds Adele from the directory, says she will be notified and that it needs approval, and sends the whole list', async () => {
    const { onSubmit, user, api } = renderEditor();
    await addPerson(user, 'Adele Vance');
    expect(api.calls.some((call) => call.startsWith('/api/directory?q=Adele'))).toBe(true);
    expect(screen.getByText('Members: 3 of 25')).toBeTruthy();
    const summary = screen.getByRole('list', { name: 'What will happen' });
    expect(within(summary).getByText('Adele Vance will be notified in Teams.')).toBeTruthy();
    expect(within(summary).getByText('This needs approval by a Teams Phone admin before it is applied.')).toBeTruthy();
    expect(submitButton()).toHaveProperty('disabled', false);
    await user.click(submitButton());
    expect(onSubmit).toHaveBeenCalledWith({ kind: 'callGroup', order: 'Simultaneous', targets: ['sip:brian.johnson@contoso.com', 'sip:christie.cline@contoso.com', 'sip:adele.vance@contoso.com'] });
  });

  it('refuses ring in order with six members: the reason in words, the meter over the limit, and no way to send', async () => {
    const { onSubmit, user } = renderEditor();
    for (const name of ['Adele Vance', 'Diego Siciliani', 'Lee Gu', 'Irvin Sayers']) await addPerson(user, name);
    await user.click(screen.getByRole('radio', { name: 'Ring in order' }));
    expect(screen.getByText('Ring in order: 6 of at most 5')).toBeTruthy();
    expect(screen.getByText('Over the limit')).toBeTruthy();
    const alert = screen.getAllByRole('alert').find((element) => element.textContent?.includes('This change cannot be sent'));
    if (!alert) throw new Error('no alert says the change cannot be sent');
    expect(alert.textContent).toContain('Ringing in order works only with 5 or fewer members; this list has 6.');
    expect(submitButton()).toHaveProperty('disabled', true);
    await user.click(submitButton());
    expect(onSubmit).not.toHaveBeenCalled();
    // Back to five: valid again.
    await user.click(screen.getByRole('button', { name: 'Remove Irvin Sayers' }));
    expect(screen.queryByText('This change cannot be sent')).toBeNull();
    expect(submitButton()).toHaveProperty('disabled', false);
  });

  it('shows why an unlicensed person cannot join, on their row', async () => {
    const { user } = renderEditor();
    await addPerson(user, 'Valentina Ricci');
    const row = screen.getAllByRole('listitem').find((item) => item.textContent?.includes('Valentina Ricci'));
    expect(row?.textContent).toMatch(/Valentina Ricci.* has no Teams Phone license, which every call group member needs\./);
    expect(submitButton()).toHaveProperty('disabled', true);
  });

  it('removing a member goes straight through under the default policy, and says who stops getting calls', async () => {
    const { onSubmit, user } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'Remove Christie Cline' }));
    const summary = screen.getByRole('list', { name: 'What will happen' });
    expect(within(summary).getByText('Christie Cline will no longer get your calls.')).toBeTruthy();
    expect(within(summary).getByText('This is applied without approval.')).toBeTruthy();
    await user.click(submitButton());
    expect(onSubmit.mock.calls[0]?.[0].targets).toEqual(['sip:brian.johnson@contoso.com']);
  });

  it('reorders with the up and down buttons in ring-in-order mode, and undo restores the group', async () => {
    const { onSubmit, user } = renderEditor();
    await user.click(screen.getByRole('radio', { name: 'Ring in order' }));
    expect(screen.getByRole('button', { name: 'Move Brian Johnson up' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Move Christie Cline up' }));
    const names = within(screen.getByRole('list', { name: 'Members' })).getAllByRole('listitem').map((item) => item.textContent ?? '');
    expect(names[0]).toContain('Christie Cline');
    expect(screen.getByText('The ring order changes.')).toBeTruthy();
    await user.click(submitButton());
    expect(onSubmit).toHaveBeenCalledWith({ kind: 'callGroup', order: 'InOrder', targets: ['sip:christie.cline@contoso.com', 'sip:brian.johnson@contoso.com'] });
    await user.click(screen.getByRole('button', { name: 'Undo my edits' }));
    expect(screen.getByRole('radio', { name: 'Ring everyone at once' })).toHaveProperty('checked', true);
    expect(submitButton()).toHaveProperty('disabled', true);
  });

  it('does not offer someone already in the group again', async () => {
    const { user } = renderEditor();
    const picker = screen.getByRole('combobox', { name: 'Add a person' });
    await user.type(picker, 'Adele');
    await user.click(await screen.findByRole('option', { name: /Adele Vance/ }));
    await user.type(picker, 'Adele');
    const option = await screen.findByRole('option', { name: /Adele Vance/ });
    expect(option.getAttribute('aria-disabled')).toBe('true');
    expect(option.textContent).toContain('already a member');
  });

  it('cannot send while offline even when the change is valid', async () => {
    const { user } = renderEditor({ canSend: false });
    await addPerson(user, 'Adele Vance');
    expect(submitButton()).toHaveProperty('disabled', true);
  });
});
