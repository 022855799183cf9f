import { useSettingsChange } from '../../components/useSettingsChange';

/** Call answering's page state: the settings submission it shares with My call group. */
export function useAnsweringView() {
  return useSettingsChange('/api/me/answering');
}
