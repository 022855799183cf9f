import { describe, expect, it } from 'vitest';
import { createGraphGroupMembers } from './graphGroupMembers.js';

const GROUP = '5d2f0c9e-7a41-4b8e-9f3a-2c6e1b7d4a90';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the approver group from Microsoft Graph', () => {
  it('reads every page of the group’s transitive user members with the app’s token', async () => {
    const asked: { url: string; auth: string | null }[] = [];
    const pages = [json({ value: [{ id: 'a' }, { id: 'b' }], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/next?page=2' }), json({ value: [{ id: 'c' }] })];
    const fake = (async (url: string, init: RequestInit) => {
      asked.push({ url, auth: new Headers(init.headers).get('authorization') });
      return pages.shift() as Response;
    }) as unknown as typeof fetch;
    const members = await createGraphGroupMembers({ getToken: async () => 'app-token', fetch: fake }).members(GROUP);
    expect(members).toEqual(['a', 'b', 'c']);
    expect(asked[0]).toEqual({ url: `https://graph.microsoft.com/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user?$select=id&$top=999`, auth: 'Bearer app-token' });
    expect(asked[1]?.url).toBe('https://graph.microsoft.com/v1.0/next?page=2');
  });

  it('refuses a next page on another host, so the token goes nowhere else', async () => {
    const asked: string[] = [];
    const fake = (async (url: string) => (asked.push(url), json({ value: [{ id: 'a' }], '@odata.nextLink': 'https://attacker.example/steal' }))) as unknown as typeof fetch;
    await expect(createGraphGroupMembers({ getToken: async () => 't', fetch: fake }).members(GROUP)).rejects.toThrow('not on https://graph.microsoft.com');
    expect(asked).toHaveLength(1);
  });

  it('says which group Graph refused, and rejects an answer that is not a page of users', async () => {
    const refused = (async () => json({ error: { code: 'Authorization_RequestDenied' } }, 403)) as unknown as typeof fetch;
    await expect(createGraphGroupMembers({ getToken: async () => 't', fetch: refused }).members(GROUP)).rejects.toThrow(`Graph answered 403 reading the members of group ${GROUP}`);
    const odd = (async () => json({ value: [{ name: 'no id' }] })) as unknown as typeof fetch;
    await expect(createGraphGroupMembers({ getToken: async () => 't', fetch: odd }).members(GROUP)).rejects.toThrow('is not a page of users');
  });
});
