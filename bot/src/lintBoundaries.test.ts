import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The messages ESLint gives `code` as if it were the file at `path` (relative to the repository root). */
async function lint(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === '@typescript-eslint/no-restricted-imports').map((message) => message.message);
}

describe('the layer boundaries, guarded by lint', () => {
  it.each([
    { rule: 'a service imports the HTTP edge', path: 'bot/src/services/example.ts', code: "import { ApiError } from '../http/apiError.js';\nexport const e = ApiError;\n", says: 'A service does not know who calls it' },
    { rule: 'a service imports the bot', path: 'bot/src/services/example.ts', code: "import { createBotPeople } from '../bot/botPeople.js';\nexport const p = createBotPeople;\n", says: 'A service does not know who calls it' },
    { rule: 'a route imports the store', path: 'bot/src/http/example.ts', code: "import { createTenantStore } from '../store/tenantStore.js';\nexport const s = createTenantStore;\n", says: 'reach data only through services' },
    { rule: 'the bot imports the store', path: 'bot/src/bot/cards/example.ts', code: "import { createFindingStore } from '../../store/findingStore.js';\nexport const s = createFindingStore;\n", says: 'reach data only through services' },
    { rule: 'a service builds a store', path: 'bot/src/services/example.ts', code: "import { createRequestStore } from '../store/requestStore.js';\nexport const s = createRequestStore;\n", says: 'A service takes its storage through a port' },
    { rule: 'a service opens the database', path: 'bot/src/services/example.ts', code: "import { openDatabase } from '../store/database.js';\nexport const o = openDatabase;\n", says: 'A service takes its storage through a port' },
    { rule: 'the store imports a gateway', path: 'bot/src/store/example.ts', code: "import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';\nexport const g = createLocalCallingGateway;\n", says: 'The store is our database only' },
    { rule: 'botbuilder outside bot/src/bot', path: 'bot/src/server/example.ts', code: "import { TurnContext } from 'botbuilder';\nexport const t = TurnContext;\n", says: 'botbuilder stays in bot/src/bot/' },
  ])('refuses $rule, and says why', async ({ path, code, says }) => {
    const messages = await lint(path, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(says);
  });

  it.each([
    { allowed: 'botbuilder in bot/src/bot', path: 'bot/src/bot/example.ts', code: "import { TurnContext } from 'botbuilder';\nexport const t = TurnContext;\n" },
    { allowed: 'a route calling a service', path: 'bot/src/http/example.ts', code: "import { createPeopleService } from '../services/peopleService.js';\nexport const s = createPeopleService;\n" },
    { allowed: 'a service naming a store record type', path: 'bot/src/services/example.ts', code: "import type { DriftRecord } from '../store/driftStore.js';\nexport type D = DriftRecord;\n" },
    { allowed: 'a service reading the stored settings groups table', path: 'bot/src/services/example.ts', code: "import { SETTINGS_GROUPS } from '../store/settingsGroups.js';\nexport const g = SETTINGS_GROUPS;\n" },
    { allowed: 'the bot importing a sibling whose name starts with "bot"', path: 'bot/src/bot/cards/example.ts', code: "import { createBotPeople } from '../botPeople.js';\nexport const p = createBotPeople;\n" },
  ])('allows $allowed', async ({ path, code }) => {
    expect(await lint(path, code)).toEqual([]);
  });
});
