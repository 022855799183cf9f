import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { CallingSettings, TenantEdit } from '@cgm/core';
import { HealthIndex, TenantGraph, createRandom, createTenantLookup, normalizeSip, parseSnapshotText, scanTenant, synthesizeTenant, toSnapshotDocument } from '@cgm/core';

/**
 * `npm run bench:scan`: the health scan at 100,000 users. Prints a line per figure and,
 * last, one JSON line that the README's table is copied from. Figures, never assertions.
 */
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const EDITS = 1_000;
const time = <TValue>(fn: () => TValue): [TValue, number] => {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const round = (ms: number) => Math.round(ms * 1000) / 1000;
const say = (line: string) => process.stderr.write(`${line}\n`);

const { tenant } = synthesizeTenant({ users: USERS, seed: 1, defectRate: 0.01 });
const dir = mkdtempSync(join(tmpdir(), 'cgm-bench-'));
const file = join(dir, 'tenant.json');
writeFileSync(file, JSON.stringify(toSnapshotDocument(tenant)));
say(`synthetic tenant: ${USERS} users, ${(readFileSync(file).length / 1e6).toFixed(1)} MB snapshot`);

const parseRuns = [0, 1, 2].map(() => time(() => parseSnapshotText(readFileSync(file, 'utf8')))[1]);
const parsed = parseSnapshotText(readFileSync(file, 'utf8'));
if (!parsed.ok) throw new Error(`the synthetic snapshot did not parse: ${parsed.problems[0]?.message}`);

const scanRuns = [0, 1, 2].map(() => time(() => scanTenant(createTenantLookup(parsed.value))));
const findings = scanRuns[0]![0].length;
const fullScanMs = median(scanRuns.map(([, ms]) => ms));

const graph = TenantGraph.fromTenant(parsed.value);
const index = HealthIndex.build(graph);
const relationships =
  parsed.value.callingSettings.reduce((n, s) => n + s.CallGroupTargets.length + s.Delegates.length + s.GroupMembershipDetails.length, 0) +
  parsed.value.users.filter((u) => u.TeamsSharedCallingRoutingPolicy !== null).length;

// 1,000 random single-user edits of the kinds people make: add or remove a member, switch
// the ring order, mute everything, forward to the group.
const random = createRandom(7);
const users = parsed.value.users;
const pick = <TItem>(items: readonly TItem[]) => items[Math.floor(random.next() * items.length)]!;
const editFor = (current: CallingSettings): TenantEdit => {
  const kind = Math.floor(random.next() * 4);
  const targets = current.CallGroupTargets;
  if (kind === 0) return { kind: 'setCallingSettings', settings: { ...current, CallGroupTargets: [...targets, normalizeSip(pick(users).SipAddress)] } };
  if (kind === 1) return { kind: 'setCallingSettings', settings: { ...current, CallGroupTargets: targets.slice(1) } };
  if (kind === 2) return { kind: 'setCallingSettings', settings: { ...current, GroupNotificationOverride: current.GroupNotificationOverride === 'Mute' ? null : 'Mute' } };
  return { kind: 'setCallingSettings', settings: { ...current, CallGroupOrder: current.CallGroupOrder === 'InOrder' ? 'Simultaneous' : 'InOrder' } };
};
const incremental: number[] = [];
for (let i = 0; i < EDITS; i += 1) {
  const user = pick(users);
  const edit = editFor(graph.settingsOf(user));
  incremental.push(time(() => index.apply(edit))[1]);
}
const [, naiveRescanMs] = time(() => scanTenant(graph));

// The whole CLI as an admin runs it, in its own process: wall time and peak memory.
const cli = fileURLToPath(new URL('../../bin/cgm.js', import.meta.url));
const timed = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, 'scan', file, '--format', 'json'], { stdio: ['ignore', 'ignore', 'pipe'] })
  .stderr.toString()
  .trim()
  .split('\n')
  .pop()!
  .split(' ');
rmSync(dir, { recursive: true, force: true });

say(`parse (read + validate): ${round(median(parseRuns))} ms (median of 3)`);
say(`full scan: ${round(fullScanMs)} ms for ${findings} findings (median of 3)`);
say(`incremental re-check after one user's edit: p50 ${round(percentile(incremental, 0.5))} ms, p99 ${round(percentile(incremental, 0.99))} ms over ${EDITS} edits`);
say(`naive full rescan after one edit: ${round(naiveRescanMs)} ms`);
say(`cgm scan end to end: ${Number(timed[0]) * 1000} ms wall, ${Math.round(Number(timed[1]) / 1024)} MB peak memory`);
process.stdout.write(
  `${JSON.stringify({
    users: USERS,
    relationships,
    parseMs: round(median(parseRuns)),
    fullScanMs: round(fullScanMs),
    incrementalP50Ms: round(percentile(incremental, 0.5)),
    incrementalP99Ms: round(percentile(incremental, 0.99)),
    naiveRescanMs: round(naiveRescanMs),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
