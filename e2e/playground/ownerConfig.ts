import { readFile, writeFile } from 'node:fs/promises';
import { parseSnapshotText } from '@cgm/core';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ALEX } from '../../bot/src/server/testServer.js';
import { PLAYGROUND_CONFIG } from './playground.js';
import { playgroundConfigFile, playgroundConfigProblems } from './playgroundConfig.js';

/** The personal chat the Playground shows when Alex is its user. */
export const ALEX_CHAT = 'a:call-group-manager-alex-wilber';

/**
 * The repository's Playground configuration with Alex Wilber, an owner, as the Playground's user
 * and the others (Megan Bowen, the approver, among them) as its other people, checked against the
 * tenant the server is seeded with. Alex is deliberately no approver; every other check applies.
 */
export async function writeAlexPlaygroundConfig(path: string, snapshotPath: string, approverUpns: readonly string[]): Promise<void> {
  const config = playgroundConfigFile.parse(parseYaml(await readFile(PLAYGROUND_CONFIG, 'utf8')));
  const alex = config.users.find((user) => user.userPrincipleName === ALEX);
  if (!alex) throw new Error('.m365agentsplayground.yml has no Alex Wilber among its users');
  const owner = playgroundConfigFile.parse({ ...config, currentUser: alex, users: [config.currentUser, ...config.users.filter((user) => user !== alex)], personalChat: { id: ALEX_CHAT } });
  const snapshot = parseSnapshotText(await readFile(snapshotPath, 'utf8'));
  if (!snapshot.ok) throw new Error(`${snapshotPath} does not parse`);
  const problems = playgroundConfigProblems(owner, snapshot.value, approverUpns).filter((problem) => !problem.startsWith('currentUser: '));
  if (problems.length > 0) throw new Error(`Alex's Playground configuration is wrong:\n${problems.join('\n')}`);
  await writeFile(path, stringifyYaml(owner), 'utf8');
}
