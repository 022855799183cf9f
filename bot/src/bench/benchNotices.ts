import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Finding } from '@cgm/core';
import { normalizeSip, synthesizeTenant } from '@cgm/core';
import type { CardSender } from '../bot/cardSender.js';
import { readConfig } from '../config.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createApp } from '../server/app.js';
import { silentLogger } from '../server/logger.js';
import { openServices } from '../server/services.js';
import { createConversationStore } from '../store/conversationStore.js';
import { openPglite } from '../store/pgliteDatabase.js';
import { describeLoad, loadMeInWorker } from './loadFigures.js';

/**
 * `node bot/dist/bench/benchNotices.js` (after `npx tsc -b core bot`): a burst of new findings,
 * as when a calling policy that allows call groups is switched off for a large department. The
 * server runs in this process on PGlite, as the embedded default does, with a synthetic tenant
 * in which everyone has installed the app; BURST owners' groups are switched off at once (CG01),
 * so the notifier tells each owner and each of their members in their personal chat, and the
 * approvers. Cards go to an in-process stand-in connector that answers at once (BENCH_SEND_MS
 * adds a round trip), which is the most the notifier can ask of the database. GET /api/me is
 * loaded from a worker thread (autocannon, 100 connections) at rest and during the burst.
 * Figures, never assertions; the load average is printed, since it moves them.
 */
const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const BURST = Number(process.env.BENCH_BURST ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SEND_MS = Number(process.env.BENCH_SEND_MS ?? 0);
const say = (line: string) => process.stderr.write(`${line}\n`);
const loadAverage = () => loadavg().map((value) => value.toFixed(2)).join(', ');

say(`load average at start: ${loadAverage()}`);
const { tenant } = synthesizeTenant({ users: USERS, seed: 1, defectRate: 0 });
const db = await openPglite({ dataDir: 'memory://' });
const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: '', SYNC_INTERVAL_MINUTES: '0' });
let started = performance.now();
const importer = await openServices(config, silentLogger, { db, gateway: createLocalCallingGateway(db) });
await importer.importTenant(tenant, false);
say(`imported ${USERS} users in ${Math.round(performance.now() - started)} ms`);

let sent = 0;
const sender: CardSender = {
  async send() {
    if (SEND_MS > 0) await new Promise((resolve) => setTimeout(resolve, SEND_MS));
    sent += 1;
    return `m-${sent}`;
  },
  async update() {
    if (SEND_MS > 0) await new Promise((resolve) => setTimeout(resolve, SEND_MS));
  },
};
const app = await createApp(config, silentLogger, { db, gateway: createLocalCallingGateway(db), jobs: false, bot: { sender } });
const address = await app.listen();
started = performance.now();
const conversations = createConversationStore(db);
for (const user of tenant.users) {
  const sip = normalizeSip(user.SipAddress);
  await conversations.upsert({ id: `a:${user.Identity}`, kind: 'personal', userSip: sip, reference: { conversation: { id: `a:${user.Identity}` }, user: { id: `29:${user.Identity}` } }, updatedAt: new Date() });
}
say(`${USERS} personal chats stored in ${Math.round(performance.now() - started)} ms`);

// The department: owners of call groups first, then anyone, each group's members as the finding lists them.
const settingsBySip = new Map(tenant.callingSettings.map((settings) => [normalizeSip(settings.SipUri), settings]));
const bySize = [...tenant.users].sort((a, b) => (settingsBySip.get(normalizeSip(b.SipAddress))?.CallGroupTargets.length ?? 0) - (settingsBySip.get(normalizeSip(a.SipAddress))?.CallGroupTargets.length ?? 0));
const burst: Finding[] = bySize.slice(0, BURST).map((user) => {
  const subject = normalizeSip(user.SipAddress);
  const related = (settingsBySip.get(subject)?.CallGroupTargets ?? []).map(normalizeSip);
  return { code: 'CG01', rule: 'orphaned-call-group', severity: 'error', subject, related, message: 'AllowCallGroups is off for this user, but they still have a call group.' };
});
const members = burst.reduce((total, finding) => total + finding.related.length, 0);
say(`burst: ${burst.length} groups switched off, ${members} members listed`);

const upns = tenant.users.map((user) => user.UserPrincipalName);
const loadMe = () => loadMeInWorker({ url: `http://127.0.0.1:${address.port}/api/me`, users: upns, connections: 100, seconds: SECONDS });
const atRest = await loadMe();
say(`GET /api/me at rest, 100 connections, ${SECONDS} s: ${describeLoad(atRest)}`);

started = performance.now();
const during = loadMe();
await app.bot.notifier.findingsChanged({ added: burst, resolved: [] });
const told = performance.now() - started;
const sentDuringLoad = await during.then((load) => ({ load, sent }));
await app.bot.idle();
const burstSeconds = (performance.now() - started) / 1000;
say(`the notifier answered findingsChanged in ${Math.round(told)} ms (it sends in the background)`);
say(`GET /api/me during the burst: ${describeLoad(sentDuringLoad.load)}; ${sentDuringLoad.sent} cards sent by the end of the load`);
say(`burst done: ${sent} cards in ${burstSeconds.toFixed(1)} s (${Math.round(sent / burstSeconds)} cards/s); load average at end: ${loadAverage()}`);
const figures = {
  users: USERS,
  burstFindings: burst.length,
  cardsSent: sent,
  burstSeconds: Math.round(burstSeconds * 10) / 10,
  cardsPerSecond: Math.round(sent / burstSeconds),
  apiP99AtRestMs: atRest.p99Ms,
  apiP99DuringBurstMs: sentDuringLoad.load.p99Ms,
  apiRpsAtRest: atRest.rps,
  apiRpsDuringBurst: sentDuringLoad.load.rps,
  timeoutsDuringBurst: sentDuringLoad.load.timeouts,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
await app.close();
await importer.close();
await db.close();
