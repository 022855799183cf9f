import { unreachedSchema } from '@cgm/core';
import { useSession } from '../../app/session';
import { useAsync } from '../../components/useAsync';

/**
 * Who the bot cannot tell, for Tenant health: people open findings concern who have not
 * installed the app, so their notices were not sent. Its own load, so a failure here leaves
 * the findings on screen.
 */
export function useUnreachedPeople() {
  const { api } = useSession();
  const { state, reload } = useAsync((signal) => api.json('/api/health/unreached', unreachedSchema, { signal }), 'health-unreached');
  return { state, reload };
}
