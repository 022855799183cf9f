import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../server/testServer.js';
import type { TestServer } from '../server/testServer.js';
import { testBackends } from '../store/testDatabase.js';
import { writeDisabledMemberTenant } from '../testSupport/disabledMemberTenant.js';
import type { TeamsConnector, TeamsUser } from './testSupport/teamsConnector.js';
import { TEAMS_USERS, chatOf, personalActivity, startTeamsConnector } from './testSupport/teamsConnector.js';

/**
 * A person the bot could not reach hears of what was already wrong once the app is installed for
 * them: Alex Wilber's member Quentin Moreau was disabled before Alex had the app (the finding is
 * days old for the notifier, so no sweep would send it); the install event (the one Teams sends
 * after an app setup policy or a proactive install through Graph too) stores his chat, and the
 * notice follows the welcome. A second install event sends nothing again.
 */
const { alex, megan } = TEAMS_USERS;

describe.each(testBackends())('notices waiting for a person who installs the app (%s)', (_name, open) => {
  let server: TestServer;
  let connector: TeamsConnector;
  const texts = (conversationId: string) => connector.cardsIn(conversationId).map((card) => JSON.stringify(card));
  const install = async (user: TeamsUser, fields: Record<string, unknown> = { type: 'installationUpdate', action: 'add' }) => {
    const response = await fetch(`${server.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(personalActivity(connector, user, fields)) });
    expect(response.status).toBe(200);
    await server.app.bot.idle();
  };

  beforeAll(async () => {
    connector = await startTeamsConnector();
    server = await startTestServer(open, { env: { SEED_SNAPSHOT: await writeDisabledMemberTenant() } });
  });
  afterAll(async () => {
    await server?.close();
    await connector?.close();
  });

  it('sends the owner the notice of his disabled member right after the welcome', async () => {
    await install(alex);
    const cards = texts(chatOf(alex));
    expect(cards[0]).toContain('Call Group Manager');
    const notices = cards.filter((card) => card.includes('Quentin Moreau'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Remove Quentin Moreau');
  });

  it('sends nothing twice when Teams reports the install again', async () => {
    const before = texts(chatOf(alex)).filter((card) => card.includes('Quentin Moreau')).length;
    await install(alex, { type: 'conversationUpdate', membersAdded: [{ id: '28:bot' }] });
    await install(alex);
    expect(texts(chatOf(alex)).filter((card) => card.includes('Quentin Moreau'))).toHaveLength(before);
  });

  it('sends someone no finding concerns only the welcome', async () => {
    await install(megan);
    expect(texts(chatOf(megan)).filter((card) => !card.includes('Call Group Manager'))).toEqual([]);
  });
});
