import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../store/testDatabase.js';
import type { DevCallInit, TestServer } from '../server/testServer.js';
import { ALEX, MEGAN, startTestServer } from '../server/testServer.js';

/**
 * The HTTP edges as an outside client meets them, over real HTTP: control characters in every
 * input, long addresses in the path, and every refusal (restify's and Node's own included) in
 * the one error shape `{ error: { code, message, details } }`.
 */

const BRIAN = 'brian.johnson@contoso.com';
const SOME_UUID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
/** The longest UPN Microsoft Entra allows: 64 characters, "@", 48 characters. */
const LONGEST_UPN = `${'a'.repeat(64)}@${'b'.repeat(44)}.com`;

type Answer = Awaited<ReturnType<TestServer['call']>>;

/** The one error shape, with the status and code expected. */
function expectError(answer: Answer, status: number, code: string, label: string): void {
  expect(answer.status, `${label}: ${answer.text.slice(0, 300)}`).toBe(status);
  expect(answer.json, label).toEqual({ error: { code, message: expect.any(String), details: expect.any(Array) } });
}

const pathsOf = (answer: Answer): string[] => answer.json.error.details.map((detail: { path: string }) => detail.path);

/** One raw request over a socket, for what fetch() refuses to send; the answer's status line, headers and body. */
function rawRequest(base: string, head: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headers = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(headers.split(' ')[1]), headers: headers.toLowerCase(), body });
    });
  });
}

describe.each(testBackends())('the HTTP edges on %s', (_name, open) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(open);
  });
  afterAll(() => server.close());

  it('K5: a control character in a query, path, header or body is a 400 naming the field, never a 500', async () => {
    const json = (body: unknown, method = 'POST'): DevCallInit => ({ method, body });
    const cases: [label: string, user: string, path: string, init: DevCallInit, field: string][] = [
      ['NUL in the directory search', ALEX, '/api/directory?q=a%00b', {}, 'q'],
      ['unit separator in the directory search', ALEX, '/api/directory?q=a%1Fb', {}, 'q'],
      ['DEL in the directory search', ALEX, '/api/directory?q=ab%7F', {}, 'q'],
      ['NUL in a query parameter’s name', ALEX, '/api/directory?q=a&x%00=1', {}, '"x\\u0000"'],
      ['NUL in the owner of a leave request', ALEX, '/api/me/memberships/a%00b/leave', json({}), 'ownerId'],
      ['NUL in the owner of a notification change', ALEX, '/api/me/memberships/a%00b', json({ notification: 'Ring' }, 'PUT'), 'ownerId'],
      ['NUL in a request id', ALEX, '/api/me/requests/a%00b', {}, 'id'],
      ['NUL in a health subject', MEGAN, '/api/health?subject=sip:alex.wilber@contoso.com%00', {}, 'subject'],
      ['NUL in a relationship map’s person', MEGAN, `/api/relationships?person=${encodeURIComponent(ALEX)}%00`, {}, 'person'],
      ['NUL in a finding id', MEGAN, '/api/health/findings/a%00b/fix', { method: 'POST' }, 'id'],
      ['a tab in the development user header', ALEX, '/api/me', { headers: { 'x-dev-user': 'alex\twilber@contoso.com' } }, 'x-dev-user'],
      ['NUL deep in a body', ALEX, '/api/me/answering', json({ forwarding: { enabled: true, type: 'Immediate', targetType: 'SingleTarget', target: 'a\u0000b' }, unanswered: { enabled: false, delaySeconds: 20 } }), 'forwarding.target'],
      ['NUL in a rejection reason', MEGAN, `/api/approvals/${SOME_UUID}/reject`, json({ reason: 'no\u0000' }), 'reason'],
      ['NUL in an unknown body field', MEGAN, `/api/approvals/${SOME_UUID}/approve`, json({ note: '\u0000' }), 'note'],
      ['C1 control in a notification override', ALEX, '/api/me/notification-override', json({ value: 'Ring\u0085' }, 'PUT'), 'value'],
    ];
    for (const [label, user, path, init, field] of cases) {
      const answer = await server.call(user, path, init);
      expectError(answer, 400, 'validation-failed', label);
      expect(pathsOf(answer), label).toContain(field);
      expect(answer.json.error.details.find((detail: { path: string }) => detail.path === field).code, label).toBe('control-character');
    }
  });

  it('K5: a line break stays allowed in free text (a rejection reason), as in the bot’s card', async () => {
    const targets = (await server.call(ALEX, '/api/me')).json.settings.CallGroupTargets as string[];
    const proposed = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...targets, 'adele.vance@contoso.com'] } });
    const rejected = await server.call(MEGAN, `/api/approvals/${proposed.json.request.id}/reject`, { body: { reason: 'Adele is on leave.\nAsk again in May.' } });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.json.request.reason).toBe('Adele is on leave.\nAsk again in May.');
  });

  it('K5: owners named by the longest UPN or SIP address reach the route; longer path parameters get a 400 naming the limit', async () => {
    for (const owner of [LONGEST_UPN, `sip:${LONGEST_UPN}`]) {
      const answer = await server.call(ALEX, `/api/me/memberships/${encodeURIComponent(owner)}/leave`, { method: 'POST' });
      // The route's own answer (nobody has that address here), not restify's 404 for an unmatched path.
      expectError(answer, 404, 'not-found', owner);
      expect(answer.json.error.message).toBe('No such call group owner in the directory.');
    }
    const tooLong = await server.call(ALEX, `/api/me/memberships/${'c'.repeat(257)}/leave`, { method: 'POST' });
    expectError(tooLong, 400, 'validation-failed', 'owner over 256 characters');
    expect(tooLong.json.error.details).toEqual([expect.objectContaining({ code: 'too-long', path: 'ownerId' })]);
    const hugeId = await server.call(MEGAN, `/api/health/findings/${'d'.repeat(5000)}/fix`, { method: 'POST' });
    expectError(hugeId, 400, 'validation-failed', 'finding id over 4096 characters');
    expect(hugeId.json.error.details).toEqual([{ code: 'too-long', path: 'id', message: 'id is too long: at most 4096 characters.' }]);
  });

  it('K5: a NUL byte in a header, which Node refuses before any route, is a 400 in our error shape', async () => {
    const answer = await rawRequest(server.base, `GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Dev-User: alex\u0000@contoso.com\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect(answer.headers).toContain('content-type: application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'bad-request', message: expect.any(String), details: [] } });
  });

  it('K8: restify’s own refusals answer in our error shape: unknown routes, wrong methods with Allow, OPTIONS, malformed escapes', async () => {
    const cases: [label: string, path: string, init: DevCallInit, status: number, code: string][] = [
      ['an unknown API route', '/api/nothing-here', {}, 404, 'not-found'],
      ['an unknown path', '/no/such/page', {}, 404, 'not-found'],
      ['a wrong method', '/api/me', { method: 'DELETE' }, 405, 'method-not-allowed'],
      ['OPTIONS', '/api/me', { method: 'OPTIONS' }, 405, 'method-not-allowed'],
      ['a malformed escape under /tab/', '/tab/%E0%A4%A', {}, 400, 'bad-request'],
      ['a malformed escape in a path parameter', '/api/me/requests/%E0%A4%A', {}, 400, 'bad-request'],
    ];
    for (const [label, path, init, status, code] of cases) {
      const answer = await server.call(ALEX, path, init);
      expectError(answer, status, code, label);
      expect(answer.json.error.message, label).not.toMatch(/does not exist|is not allowed$/);
    }
    const wrongMethod = await fetch(`${server.base}/api/me`, { method: 'DELETE', headers: { 'x-dev-user': ALEX } });
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(wrongMethod.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('K6: a refusal under /tab/ that restify answers (a wrong method, a malformed escape) carries the tab’s frame-ancestors policy too', async () => {
    for (const [path, method] of [['/tab/', 'POST'], ['/tab/%E0%A4%A', 'GET']] as const) {
      const answer = await fetch(`${server.base}${path}`, { method });
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.headers.get('content-security-policy'), path).toContain('frame-ancestors');
    }
  });

  it('K5: a body nested thousands of levels deep is a 400, not a 500 from a walk off the end of the stack', async () => {
    for (const body of ['['.repeat(3000) + ']'.repeat(3000), '{"a":'.repeat(6000) + '1' + '}'.repeat(6000)]) {
      const answer = await server.call(ALEX, '/api/me/call-group', { rawBody: body, headers: { 'content-type': 'application/json' } });
      expectError(answer, 400, 'invalid-json', body.slice(0, 5));
      expect(answer.json.error.message).toContain('64 levels');
    }
  });

  it('K8: request headers over Node’s limit get 431 in our error shape, not an empty body', async () => {
    const answer = await rawRequest(server.base, `GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'headers-too-large', message: 'The request headers are too large.', details: [] } });
  });

  it('K8: a body is read only as application/json in UTF-8; anything else is 415', async () => {
    const body = JSON.stringify({ order: 'Simultaneous', targets: [ALEX] });
    const send = (type: string) => server.call(MEGAN, '/api/me/call-group', { rawBody: body, headers: { 'content-type': type } });
    for (const type of ['application/json-seq', 'application/json; charset=utf-16', 'application/jsonx', 'text/json', 'application/json; charset=utf-8; x=1']) {
      expectError(await send(type), 415, 'unsupported-media-type', type);
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      expect((await send(type)).status, type).toBe(202);
    }
  });

  it('K8: leaving a group refuses a body that is not an object, naming the body', async () => {
    const leave = (rawBody: string) => server.call(BRIAN, `/api/me/memberships/${encodeURIComponent(ALEX)}/leave`, { method: 'POST', rawBody, headers: { 'content-type': 'application/json' } });
    for (const raw of ['null', '[]', '"leave"', '1']) {
      const answer = await leave(raw);
      expectError(answer, 400, 'validation-failed', raw);
      expect(answer.json.error.details[0], raw).toMatchObject({ path: '', message: expect.stringMatching(/^The request body must be an object/) });
    }
    expect(await server.db.query('SELECT id FROM change_requests WHERE requester_sip = $1', [`sip:${BRIAN}`])).toEqual([]);
  });

  it('K8: every API route refuses a query parameter it does not know', async () => {
    const cases: [user: string, path: string, init: DevCallInit][] = [
      [ALEX, '/api/me?x=1', {}],
      [ALEX, '/api/directory?q=ade&x=1', {}],
      [ALEX, '/api/me/call-group?x=1', { body: { order: 'Simultaneous', targets: [] } }],
      [ALEX, '/api/me/answering?x=1', { body: {} }],
      [ALEX, `/api/me/memberships/${encodeURIComponent(BRIAN)}?x=1`, { method: 'PUT', body: { notification: 'Ring' } }],
      [BRIAN, `/api/me/memberships/${encodeURIComponent(ALEX)}/leave?x=1`, { method: 'POST' }],
      [ALEX, '/api/me/notification-override?x=1', { method: 'PUT', body: { value: null } }],
      [ALEX, `/api/me/requests/${SOME_UUID}?x=1`, {}],
      [ALEX, `/api/requests/${SOME_UUID}?x=1`, { method: 'DELETE' }],
      [MEGAN, '/api/approvals?x=1', {}],
      [MEGAN, `/api/approvals/${SOME_UUID}/approve?x=1`, { method: 'POST' }],
      [MEGAN, `/api/approvals/${SOME_UUID}/reject?x=1`, { body: {} }],
      [MEGAN, '/api/health?x=1', {}],
      [MEGAN, '/api/health/findings/CG01%7Cx%7C/fix?x=1', { method: 'POST' }],
      [MEGAN, '/api/audit?x=1', {}],
      [MEGAN, '/api/export/relationships.csv?x=1', {}],
      [MEGAN, `/api/relationships?person=${encodeURIComponent(ALEX)}&x=1`, {}],
      [MEGAN, '/api/relationships/clusters?x=1', {}],
      [undefined as unknown as string, '/api/client-config?x=1', {}],
    ];
    for (const [user, path, init] of cases) {
      const answer = await server.call(user, path, init);
      expectError(answer, 400, 'validation-failed', path);
      expect(answer.json.error.details, path).toEqual([{ code: 'unknown-field', path: 'x', message: 'x is not a field this request accepts; remove it.' }]);
    }
  });

  it('K8: the audit trail’s `before` is an entry id, at least 1, and the message says so', async () => {
    for (const before of ['0', '-3']) {
      const answer = await server.call(MEGAN, `/api/audit?before=${before}`);
      expectError(answer, 400, 'validation-failed', before);
      expect(answer.json.error.details).toEqual([{ code: 'too-small', path: 'before', message: 'before must be at least 1.' }]);
    }
    expect((await server.call(MEGAN, '/api/audit?before=1')).status).toBe(200);
  });
});
