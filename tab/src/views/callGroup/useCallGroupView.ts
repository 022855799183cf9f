import { useSettingsChange } from '../../components/useSettingsChange';

/** My call group's page state: the shared settings submission, and a request of mine still on its way (pending or approved, not yet applied). */
export function useCallGroupView() {
  const change = useSettingsChange('/api/me/call-group');
  const pending = change.me.requests.find((request) => request.kind === 'callGroup' && (request.status === 'pending' || request.status === 'approved'));
  return { ...change, pending };
}
