import { useSession } from '../app/session';
import { useSubmission } from './useSubmission';

/** The routes that propose a change to my own calling settings, each with its editor. */
export type SettingsChangePath = '/api/me/call-group' | '/api/me/answering';

/**
 * The one submission flow both settings editors (My call group, Call answering) share: my
 * current settings as the server holds them, whether a change can be sent now (online, not
 * already sending), and sending it, after which the submission follows the request until it
 * is applied or refused and the page reloads my settings.
 */
export function useSettingsChange(path: SettingsChangePath) {
  const { api, me, reloadMe, approvalPolicy, online } = useSession();
  const { submission, send } = useSubmission(api, reloadMe);
  return {
    api,
    me,
    settings: me.settings,
    approvalPolicy,
    submission,
    canSend: online && submission.phase !== 'sending',
    submit: (body: object) => void send(path, body),
  };
}
