import { TestAdapter } from 'botbuilder';
import type { CallingSettings, PreferencesUpdate } from '@cgm/core';
import { readConfig } from '../../config.js';
import { createLocalCallingGateway } from '../../gateway/local/localCallingGateway.js';
import type { App } from '../../server/app.js';
import { createApp } from '../../server/app.js';
import { silentLogger } from '../../server/logger.js';
import { DEMO_SNAPSHOT, manualClock } from '../../server/testServer.js';
import { principalOf } from '../../services/principal.js';
import { createConversationStore } from '../../store/conversationStore.js';
import type { Database } from '../../store/database.js';
import { createFindingStore } from '../../store/findingStore.js';
import { fakeSender } from './fakeSender.js';
import type { TeamsUser } from './teamsConnector.js';
import { TEST_TENANT_ID, cardClick } from './teamsConnector.js';

/** The demo tenant's people the notice tests talk about, by first name: their sip and Entra object id. */
export const DEMO_PEOPLE = {
  alex: ['sip:alex.wilber@contoso.com', 'af8de7bf-1309-51a7-ac52-cb19d1f10057', 'Alex Wilber'],
  megan: ['sip:megan.bowen@contoso.com', 'c01707e1-469b-57e7-9a92-8b225ae19dae', 'Megan Bowen'],
  nestor: ['sip:nestor.wilke@contoso.com', '22b15694-100f-59fe-953a-476ad9a2612b', 'Nestor Wilke'],
  irvin: ['sip:irvin.sayers@contoso.com', '996400de-fe82-5710-9827-6d23d804f803', 'Irvin Sayers'],
  lee: ['sip:lee.gu@contoso.com', 'face89a3-cf11-5f4e-8819-2066795a92ab', 'Lee Gu'],
  allan: ['sip:allan.deyoung@contoso.com', 'eb4e041e-730b-555b-bf65-4b40b12db9eb', 'Allan Deyoung'],
  miriam: ['sip:miriam.graham@contoso.com', '87c107d7-8627-59f5-829f-75bb686342c3', 'Miriam Graham'],
  lidia: ['sip:lidia.holloway@contoso.com', '45474527-0f86-5e04-8ccf-b41f9a1336cc', 'Lidia Holloway'],
  quentin: ['sip:quentin.moreau@contoso.com', '68f6860e-72e4-5620-883f-93c32430e99a', 'Quentin Moreau'],
  pradeep: ['sip:pradeep.gupta@contoso.com', 'ad07a4ac-0f42-5228-9cab-1215e2ddc430', 'Pradeep Gupta'],
  isaiah: ['sip:isaiah.langer@contoso.com', 'd26d42dc-762c-5946-bb5c-31259b6b3a9d', 'Isaiah Langer'],
  patti: ['sip:patti.fernandez@contoso.com', '97edf682-dfd6-558c-a771-247736d5f281', 'Patti Fernandez'],
  debra: ['sip:debra.berger@contoso.com', undefined, 'Debra Berger'],
} as const;
export type DemoPerson = keyof typeof DEMO_PEOPLE;

const CONNECTOR = { url: 'https://smba.example.invalid/' };
/** Each person's personal chat with the bot. */
export const chat = (person: DemoPerson) => `a:${person}`;
const teamsUser = (person: DemoPerson): TeamsUser => ({ id: `29:${person}`, aadObjectId: DEMO_PEOPLE[person][1] ?? '', name: DEMO_PEOPLE[person][2] });

/**
 * The demo tenant behind a server with the bot, a stand-in sender and a clock the test moves,
 * every person of DEMO_PEOPLE with a personal chat (`snapshot`: the demo tenant changed). `instance` builds another server over the
 * same database: a restart, or a second instance.
 */
export async function noticeHarness(db: Database, start: Date, snapshot: string = DEMO_SNAPSHOT) {
  const clock = manualClock(start);
  const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: snapshot, SYNC_INTERVAL_MINUTES: '0' });
  const instance = async () => {
    const fake = fakeSender();
    const app = await createApp(config, silentLogger, { db, gateway: createLocalCallingGateway(db), clock, jobs: false, bot: { sender: fake.sender, retryDelayMs: 1 } });
    return { app, fake };
  };
  const first = await instance();
  for (const person of Object.keys(DEMO_PEOPLE) as DemoPerson[]) {
    const [sip] = DEMO_PEOPLE[person];
    await createConversationStore(db).upsert({ id: chat(person), kind: 'personal', userSip: sip, reference: { conversation: { id: chat(person) }, user: { id: `29:${person}` }, serviceUrl: CONNECTOR.url }, updatedAt: clock.now() });
  }
  // The health index is built by the first full scan; the seeded findings are not news.
  await first.app.services.health.rescanAll();
  const { app } = first;

  return {
    ...first,
    clock,
    instance,
    /** The open seeded findings of these codes. */
    async openFindings(...codes: string[]) {
      return (await createFindingStore(db).list({ openOnly: true })).filter((stored) => codes.includes(stored.finding.code)).map((stored) => stored.finding);
    },
    async settingsOf(person: DemoPerson): Promise<CallingSettings> {
      const settings = await app.services.bot.directory.settingsOf([DEMO_PEOPLE[person][0]]);
      return settings.get(DEMO_PEOPLE[person][0])!;
    },
    /** Change one person's settings as an applied request does: the health service re-checks and tells the notifier. */
    async change(person: DemoPerson, edit: (settings: CallingSettings) => CallingSettings) {
      const result = await app.services.health.recheckSettings(edit(await this.settingsOf(person)));
      await app.bot.idle();
      return result;
    },
    /** The person as a signed-in principal (Megan approves, as in the demo tenant). */
    async principal(person: DemoPerson) {
      const user = await app.services.bot.directory.userByRef(DEMO_PEOPLE[person][0]);
      return principalOf(user!, TEST_TENANT_ID, () => person === 'megan');
    },
    async prefer(person: DemoPerson, update: PreferencesUpdate) {
      await app.services.preferences.update(await this.principal(person), update);
    },
    /** A card click by `person` in their chat; the invoke's answer as JSON text. */
    async click(person: DemoPerson, verb: string, id: string, on: App = app) {
      const adapter = new TestAdapter();
      await adapter.processActivity(cardClick(CONNECTOR, teamsUser(person), verb, { id }), (context) => on.bot.handler.run(context));
      return JSON.stringify(adapter.activeQueue.find((a) => a.type === 'invokeResponse')?.value);
    },
    /** Personal notice cards recorded per conversation. */
    async personalCards(): Promise<Record<string, number>> {
      const rows = await db.query<{ id: string; n: number }>("SELECT conversation_id AS id, count(*)::int AS n FROM card_messages WHERE card_kind = 'personal' GROUP BY conversation_id");
      return Object.fromEntries(rows.map((row) => [row.id, row.n]));
    },
  };
}

export type NoticeHarness = Awaited<ReturnType<typeof noticeHarness>>;
