import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from '../server/testServer.js';
import { ALEX, manualClock, startTestServer } from '../server/testServer.js';
import { writeDisabledMemberTenant } from '../testSupport/disabledMemberTenant.js';

/**
 * A double click, or the card and the tab at once: two Removes of the same problem arriving
 * together make one change request, and the other is told it is already on its way (409), under
 * either approval policy. Without that, both were stored: a pending one superseded the other
 * (whose 202 named a request that no longer counts), and two requests approved at once were both
 * queued for Teams, the second failing on the first's write.
 */

describe.each(testBackends())('two Removes of one problem at once, on %s', (_backend, open) => {
  describe.each([['needs an approver', 'always'], ['needs nobody', 'never']])('when the removal %s', (_label, policy) => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(open, { clock: manualClock(), env: { SEED_SNAPSHOT: await writeDisabledMemberTenant(), APPROVAL_POLICY: policy } });
    });
    afterAll(() => server?.close());

    it('stores one request and answers the other 409', async () => {
      const listed = await server.call(ALEX, '/api/me/problems');
      const id = listed.json.problems[0].id as string;
      const answers = await Promise.all([1, 2, 3].map(() => server.call(ALEX, `/api/me/problems/${id}/remove`, { body: {} })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409, 409]);
      const stored = await server.db.query<{ id: string; status: string }>("SELECT id, status FROM change_requests WHERE requester_sip = $1 AND kind = 'cleanup'", [`sip:${ALEX}`]);
      expect(stored).toEqual([{ id: answers.find((answer) => answer.status === 202)?.json.request.id, status: policy === 'always' ? 'pending' : 'approved' }]);
    });
  });
});
