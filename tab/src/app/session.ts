import { createContext, useContext } from 'react';
import type { ApprovalPolicy } from '@cgm/core';
import type { ApiClient } from '../api/apiClient';
import type { MeResponse } from '@cgm/core';
import type { Host } from '../host/teamsHost';

/** What every view may read: the API, the signed-in person, the approval policy, and the host. */
export interface Session {
  readonly api: ApiClient;
  readonly me: MeResponse;
  /** Read /api/me again (after a change was sent or applied). */
  reloadMe(): void;
  readonly approvalPolicy: ApprovalPolicy;
  readonly host: Host;
  readonly online: boolean;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside the signed-in shell.');
  return session;
}
