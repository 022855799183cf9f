// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AnsweringChange, CallingSettings } from '@cgm/core';
import { ALLOWED_UNANSWERED_DELAYS_SECONDS } from '@cgm/core';
import { ADELE, ALEX, BRIAN, CHRISTIE, alexSettings, fakeApi, renderInFluent } from '../../testSupport/tabFixtures';
import { AnsweringEditor } from './AnsweringEditor';

afterEach(cleanup);

function renderEditor(settings: CallingSettings = alexSettings, policy: 'always' | 'on-add-or-group-forwarding' = 'on-add-or-group-forwarding') {
  const onSubmit = vi.fn<(change: AnsweringChange) => void>();
  renderInFluent(<AnsweringEditor api={fakeApi([ADELE])} me={ALEX} settings={settings} groupMembers={[BRIAN, CHRISTIE]} approvalPolicy={policy} canSend onSubmit={onSubmit} />);
  return { onSubmit, user: userEvent.setup() };
}

const send = () => screen.getByRole('button', { name: 'Send change' });
const alertWith = (text: string) => screen.queryAllByRole('alert').find((element) => element.textContent?.includes(text));

describe('AnsweringEditor', () => {
  it('starts from my settings: also ring my call group, unanswered calls to voicemail after 20 seconds', () => {
    renderEditor();
    expect(screen.getByRole('switch', { name: 'Also ring or forward my calls' })).toHaveProperty('checked', true);
    expect(screen.getByRole('radio', { name: 'Also ring (at the same time as me)' })).toHaveProperty('checked', true);
    const [forwardTo, unansweredTo] = screen.getAllByRole('combobox', { name: 'Send calls to' });
    expect((forwardTo as HTMLSelectElement).value).toBe('Group');
    expect((unansweredTo as HTMLSelectElement).value).toBe('Voicemail');
    expect((screen.getByRole('combobox', { name: 'Wait before sending on' }) as HTMLSelectElement).value).toBe('20');
    expect(send()).toHaveProperty('disabled', true);
  });

  it('offers only the unanswered delays Teams allows', () => {
    renderEditor();
    const delay = screen.getByRole('combobox', { name: 'Wait before sending on' });
    expect(within(delay).getAllByRole('option').map((option) => Number((option as HTMLOptionElement).value))).toEqual([...ALLOWED_UNANSWERED_DELAYS_SECONDS]);
  });

  it('refuses immediate forwarding while "if unanswered" is on, and says why', async () => {
    const { user, onSubmit } = renderEditor();
    await user.click(screen.getByRole('radio', { name: 'Forward immediately (I am not rung)' }));
    expect(alertWith('Immediate forwarding sends every call on before it rings you')).toBeTruthy();
    expect(send()).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('switch', { name: 'Send unanswered calls on' }));
    expect(alertWith('Immediate forwarding sends every call on')).toBeUndefined();
    expect(send()).toHaveProperty('disabled', false);
    await user.click(send());
    expect(onSubmit.mock.calls[0]?.[0]).toEqual({
      kind: 'answering',
      forwarding: { enabled: true, type: 'Immediate', targetType: 'Group', target: null },
      unanswered: { enabled: false, targetType: null, target: null, delaySeconds: 20 },
    });
  });

  it('refuses voicemail for "also ring": voicemail needs immediate forwarding', async () => {
    const { user } = renderEditor();
    const [forwardTo] = screen.getAllByRole('combobox', { name: 'Send calls to' });
    await user.selectOptions(forwardTo as HTMLElement, 'Voicemail');
    expect(alertWith('Calls can go to voicemail only with immediate forwarding')).toBeTruthy();
    expect(send()).toHaveProperty('disabled', true);
  });

  it('asks for a person or number when calls go to a single target', async () => {
    const { user } = renderEditor();
    const [, unansweredTo] = screen.getAllByRole('combobox', { name: 'Send calls to' });
    await user.selectOptions(unansweredTo as HTMLElement, 'SingleTarget');
    expect(screen.getAllByText(/Enter the person or phone number "if unanswered" goes to/).length).toBeGreaterThan(0);
    expect(send()).toHaveProperty('disabled', true);
    const picker = screen.getByRole('combobox', { name: 'Person or phone number' });
    await user.type(picker, 'Adele');
    await user.click(await screen.findByRole('option', { name: /Adele Vance/ }));
    expect(screen.getByText('Person or phone number: sip:adele.vance@contoso.com')).toBeTruthy();
    expect(send()).toHaveProperty('disabled', false);
  });

  it('says when sending calls to my call group newly needs approval', async () => {
    const settings: CallingSettings = { ...alexSettings, IsForwardingEnabled: false, ForwardingType: null, ForwardingTargetType: null };
    const { user } = renderEditor(settings);
    await user.click(screen.getByRole('switch', { name: 'Also ring or forward my calls' }));
    await user.click(screen.getByRole('radio', { name: 'Also ring (at the same time as me)' }));
    await user.selectOptions(screen.getAllByRole('combobox', { name: 'Send calls to' })[0] as HTMLElement, 'Group');
    expect(screen.getByText('This needs approval by a Teams Phone admin before it is applied.')).toBeTruthy();
  });
});
