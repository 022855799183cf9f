import type { SyncEngine, SyncTotals } from './syncEngine.js';
import type { ClaimedUser } from './syncPorts.js';

/** How a run ends: `continuous` until told to stop, `pass` when the pass it started in is complete. */
export type RunMode = 'continuous' | 'pass';

type Claim = { readonly claimed: ClaimedUser; readonly claimedAt: Date };
type Outcome = Awaited<ReturnType<SyncEngine['read']>>;

/** When nothing is claimable: wait for the next hot re-read (or an expired lease), between these bounds. */
const IDLE_MIN_MS = 1_000;
const IDLE_MAX_MS = 30_000;

/**
 * One run of the read loop. `sessions` lanes take users from a small buffer claimed in batches
 * through the database (each lane's read waits for the pacer), and reads are written in batches
 * behind them, one at a time, so no transaction spans a gateway call. When the queue is empty
 * the pass is closed (once, whichever instance gets there) and the next begins.
 */
export async function runSync(engine: SyncEngine, totals: SyncTotals, mode: RunMode, shouldStop: () => boolean): Promise<void> {
  const { queue, timer, pacer } = engine;
  const buffer: Claim[] = [];
  let pending: Outcome[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;
  let claiming: Promise<boolean> | undefined;
  let passDone = false;
  let pass: number | undefined;
  let directoryRead = false;
  let directoryAside: Promise<void> | undefined;

  // About four seconds of reads are claimed at a time, and about three seconds' are written together:
  // a revealed user is still read next (claimed singly, ahead of the buffer) and a drift record
  // waits three seconds at most, while the database sees a few statements per thirty reads at
  // 10 a second instead of per ten. Both shrink with the rate when Teams throttles.
  const batchSize = () => Math.max(1, Math.ceil(pacer.rate * 4));
  const writeSize = () => Math.max(1, Math.ceil(pacer.rate * 3));

  const flush = (): Promise<void> => {
    const batch = pending;
    pending = [];
    if (batch.length > 0) {
      writing = writing
        .then(async () => {
          const revealed = await engine.writeBatch(batch, totals, mode === 'pass');
          // The other side of something new is read next, ahead of what this instance already holds.
          for (const sip of revealed) {
            const claimed = await queue.claimOne(sip, timer.now(), engine.leaseMs, engine.holder);
            if (claimed) buffer.unshift({ claimed, claimedAt: timer.now() });
          }
        })
        .catch((error: unknown) => {
          failure ??= error;
        });
    }
    return writing;
  };

  /** Close the pass if nobody is left in it (whichever instance gets there first); whether this call did. */
  async function closePass(now: Date): Promise<boolean> {
    const state = await queue.current(now);
    pass ??= state.pass;
    // Another instance closed our pass already.
    if (mode === 'pass' && state.pass > pass) {
      passDone = true;
      return false;
    }
    const next = await queue.nextPass(state.pass, now, false, mode === 'pass' ? 0 : engine.minPassMs);
    if (!next) return false;
    totals.passesCompleted += 1;
    await engine.audit.append({ at: now, actor: engine.actor, action: 'sync.completed', details: { pass: state.pass, users: state.users, seconds: next.lastPassSeconds } });
    engine.log.info('sync pass completed', { pass: state.pass, users: state.users, seconds: next.lastPassSeconds });
    if (mode === 'pass') passDone = true;
    return true;
  }

  /**
   * The bulk directory read is a hundred pages at 100,000 users, some forty seconds of Teams' time:
   * once the queue exists it runs beside the reads instead of before the next claim, which left
   * the budget unspent for those forty seconds every fifteen minutes. The first read of a run is
   * waited for, since it may create the queue the claims come from.
   */
  async function readDirectory(): Promise<void> {
    if (!directoryRead) {
      directoryRead = true;
      await engine.maybeReadDirectory(false);
      return;
    }
    directoryAside ??= engine
      .maybeReadDirectory(false)
      .then(() => undefined)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => (directoryAside = undefined));
  }

  async function refill(): Promise<boolean> {
    await readDirectory();
    await engine.currentPlan();
    const now = timer.now();
    const claimed = await queue.claim(now, engine.leaseMs, batchSize(), engine.holder, mode === 'pass');
    pass ??= claimed[0]?.pass;
    // Another instance closed our pass and the next one began: a whole re-read ends here.
    if (mode === 'pass' && claimed.length > 0 && (claimed[0]?.pass ?? 0) > (pass ?? 0)) {
      for (const c of claimed) await queue.release(c.sip, now);
      passDone = true;
      return false;
    }
    buffer.push(...claimed.map((c) => ({ claimed: c, claimedAt: now })));
    // The rolling pass handed out nobody, though hot re-reads may go on: once our writes are in, the pass may be over.
    if (claimed.some((c) => c.reason === 'pass')) return true;
    if (claimed.length === 0) await flush();
    const closed = await closePass(now);
    if (claimed.length > 0) return true;
    return closed && mode === 'continuous' ? refill() : false;
  }

  async function nextClaim(): Promise<Claim | undefined> {
    while (buffer.length === 0) {
      if (passDone || shouldStop() || failure) return undefined;
      claiming ??= refill().finally(() => (claiming = undefined));
      if (!(await claiming) && buffer.length === 0) return undefined;
      wakeIdle();
    }
    return buffer.shift();
  }

  // Lanes with nothing to claim wait for one that finds work; the last one idle waits for the next due read.
  let idle = 0;
  const idlers: (() => void)[] = [];
  const wakeIdle = () => {
    for (const wake of idlers.splice(0)) wake();
  };
  const finished = () => passDone || shouldStop() || failure !== undefined;

  async function waitForWork(): Promise<void> {
    idle += 1;
    try {
      if (idle < engine.sessions) return await new Promise<void>((resolve) => idlers.push(resolve));
      await flush();
      // Users claimed but not yet read come back when their lease ends; the next due read, bounded.
      const due = await queue.nextDueAt();
      const wait = due ? due.getTime() - timer.now().getTime() : IDLE_MAX_MS;
      await timer.sleep(Math.min(IDLE_MAX_MS, Math.max(IDLE_MIN_MS, wait)));
    } finally {
      idle -= 1;
    }
  }

  async function lane(): Promise<void> {
    for (;;) {
      // Reads do not run ahead of their writes: memory stays bounded, and what a write reveals is read next.
      await writing;
      const claim = await nextClaim();
      if (claim) {
        const outcome = await engine.read(claim, totals);
        pending.push(outcome);
        if (buffer.length === 0 || pending.length >= writeSize()) void flush();
        continue;
      }
      if (finished()) break;
      await waitForWork();
    }
    // One lane done means all are: wake the others so they see it too.
    wakeIdle();
  }

  await Promise.all(Array.from({ length: engine.sessions }, () => lane()));
  // A stop leaves claimed users unread: give them back at once rather than at the lease's end.
  for (const claim of buffer.splice(0)) await queue.release(claim.claimed.sip, timer.now());
  await flush();
  await directoryAside;
  if (failure) throw failure;
}
