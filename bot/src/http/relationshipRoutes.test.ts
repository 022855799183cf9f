import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from '../server/testServer.js';
import { ALEX, MEGAN, startTestServer } from '../server/testServer.js';

interface Edge {
  owner: string;
  member: string;
  position: number | null;
  status: string;
  reason: string | null;
  findingCode: string | null;
}

describe.each(testBackends())('relationship map on %s', (_name, open) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(open);
  });
  afterAll(() => server.close());

  const map = (person: string, depth = 1) => server.call(MEGAN, `/api/relationships?person=${encodeURIComponent(person)}&depth=${depth}`);
  const edge = (edges: Edge[], owner: string, member: string) => edges.find((e) => e.owner === `sip:${owner}` && e.member === `sip:${member}`);

  it('draws Alex’s group with working edges, and Isaiah’s stale notification setting for it', async () => {
    const { status, json } = await map(ALEX);
    expect(status).toBe(200);
    expect(json.centre).toBe('sip:alex.wilber@contoso.com');
    expect(edge(json.edges, 'alex.wilber@contoso.com', 'brian.johnson@contoso.com')).toMatchObject({ status: 'ok', position: 0, reason: null });
    expect(edge(json.edges, 'alex.wilber@contoso.com', 'christie.cline@contoso.com')).toMatchObject({ status: 'ok', position: 1 });
    expect(edge(json.edges, 'alex.wilber@contoso.com', 'isaiah.langer@contoso.com')).toMatchObject({ status: 'stale', position: null, findingCode: 'CG12' });
    const names = json.nodes.map((node: { displayName: string }) => node.displayName).sort();
    expect(names).toEqual(['Alex Wilber', 'Brian Johnson', 'Christie Cline', 'Isaiah Langer']);
  });

  it('marks a leaver as orphaned and a disabled member as broken, with the finding’s words', async () => {
    const miriam = await map('miriam.graham@contoso.com');
    const ben = edge(miriam.json.edges, 'miriam.graham@contoso.com', 'ben.walters@contoso.com');
    expect(ben).toMatchObject({ status: 'orphaned', findingCode: 'CG07' });
    expect(ben?.reason).toMatch(/\w/);
    expect(miriam.json.nodes.find((n: { sip: string }) => n.sip === 'sip:ben.walters@contoso.com')).toMatchObject({ known: false, eligible: false });

    const lidia = await map('lidia.holloway@contoso.com');
    expect(edge(lidia.json.edges, 'lidia.holloway@contoso.com', 'quentin.moreau@contoso.com')).toMatchObject({ status: 'broken', findingCode: 'CG08' });
    expect(edge(lidia.json.edges, 'lidia.holloway@contoso.com', 'grady.archie@contoso.com')).toMatchObject({ status: 'ok' });
  });

  it('walks both directions: one step from Grady reaches the two groups he is in, two steps their other members', async () => {
    const one = await map('grady.archie@contoso.com', 1);
    const owners = new Set(one.json.edges.map((e: Edge) => e.owner));
    expect(owners).toEqual(new Set(['sip:johanna.lorenz@contoso.com', 'sip:lidia.holloway@contoso.com']));
    expect(one.json.edges).toHaveLength(2);
    const two = await map('grady.archie@contoso.com', 2);
    expect(two.json.edges.length).toBeGreaterThan(5);
    expect(edge(two.json.edges, 'johanna.lorenz@contoso.com', 'felix.baumann@contoso.com')).toMatchObject({ status: 'ok' });
  });

  it('puts the finding codes about a person on their node (CG03 on Allan)', async () => {
    const { json } = await map('allan.deyoung@contoso.com');
    expect(json.nodes.find((n: { sip: string }) => n.sip === 'sip:allan.deyoung@contoso.com').findings).toContain('CG03');
  });

  it('lists the largest clusters, biggest first, with their orphaned members', async () => {
    const { status, json } = await server.call(MEGAN, '/api/relationships/clusters?limit=3');
    expect(status).toBe(200);
    expect(json.clusters).toHaveLength(3);
    const sizes = json.clusters.map((c: { people: number }) => c.people);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    // Johanna Lorenz's and Lidia Holloway's groups share Grady Archie: one cluster of 8 people.
    expect(json.clusters[0]).toMatchObject({ people: 8, groups: 2 });
    const all = await server.call(MEGAN, '/api/relationships/clusters?limit=20');
    expect(all.json.clusters.find((c: { hubName: string }) => c.hubName === 'Miriam Graham')).toMatchObject({ orphanedMembers: 1 });
  });

  it('is for approvers only', async () => {
    expect((await server.call(ALEX, `/api/relationships?person=${ALEX}`)).status).toBe(403);
    expect((await server.call(ALEX, '/api/relationships/clusters')).status).toBe(403);
    expect((await server.call(undefined, '/api/relationships/clusters')).status).toBe(401);
  });

  it('names the wrong field of a bad query and finds no one for an unknown person', async () => {
    const missing = await server.call(MEGAN, '/api/relationships');
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.map((d: { path: string }) => d.path)).toContain('person');
    const deep = await server.call(MEGAN, `/api/relationships?person=${ALEX}&depth=9`);
    expect(deep.status).toBe(400);
    expect(deep.json.error.details[0].path).toBe('depth');
    const unknown = await server.call(MEGAN, `/api/relationships?person=${ALEX}&colour=red`);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details[0]).toMatchObject({ code: 'unknown-field', path: 'colour' });
    expect((await server.call(MEGAN, '/api/relationships/clusters?limit=0')).status).toBe(400);
    const nobody = await map('nobody@contoso.com');
    expect(nobody.status).toBe(404);
  });
});
