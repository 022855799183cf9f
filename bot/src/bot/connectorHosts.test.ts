import { CloudAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotframeworkSender } from './botframeworkSender.js';
import { DeliveryError } from './cardSender.js';
import { connectorUrlProblem } from './connectorHosts.js';
import type { HitCounter } from './testSupport/rawHttp.js';
import { startHitCounter } from './testSupport/rawHttp.js';

describe('K1: the Bot Connector hosts a serviceUrl may name', () => {
  it.each([
    'https://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net/emea/',
    'https://SMBA.trafficmanager.net/teams/',
    'https://smba.onyx.prod.teams.trafficmanager.net/amer/',
    'https://smba.infra.gcc.teams.microsoft.com/gcc/',
    'https://smba.infra.gov.teams.microsoft.us/',
    'https://smba.infra.dod.teams.microsoft.us/',
    'https://frontend.botapi.msg.infra.teams.microsoftonline.cn/',
  ])('allows %s', (url) => {
    expect(connectorUrlProblem(url, false)).toBeUndefined();
  });

  it.each([
    ['http on a Teams host', 'http://smba.trafficmanager.net/amer/'],
    ['another port on a Teams host', 'https://smba.trafficmanager.net:8443/amer/'],
    ['a look-alike host', 'https://smba.trafficmanager.net.evil.example/amer/'],
    ['a sub-domain of a Teams host', 'https://evil.smba.trafficmanager.net/'],
    ['a look-alike Bot Framework domain', 'https://evilbotframework.com/'],
    ['the Bot Framework domain as a prefix', 'https://webchat.botframework.com.evil.example/'],
    ['a Bot Framework host over http', 'http://webchat.botframework.com/'],
    // Web Chat and Direct Line let a client write from.aadObjectId and channelData: the bot answers Teams only.
    ['Web Chat', 'https://webchat.botframework.com/'],
    ['Direct Line', 'https://europe.directline.botframework.com/'],
    ['Web Chat in Azure Government', 'https://webchat.botframework.azure.us/'],
    ['credentials in the URL', 'https://user:pw@smba.trafficmanager.net/amer/'],
    ['the metadata endpoint', 'http://169.254.169.254/latest/meta-data/'],
    ['a private address', 'https://10.0.0.7/'],
    ['loopback outside development', 'http://127.0.0.1:56150/_connector'],
    ['not a URL', 'smba.trafficmanager.net'],
    ['no value', undefined],
  ])('refuses %s', (_label, url) => {
    expect(connectorUrlProblem(url, false)).toEqual(expect.any(String));
  });

  it('allows loopback over http or https in development only, which is where the Agents Playground listens', () => {
    for (const url of ['http://localhost:56150/_connector', 'http://127.0.0.1:3979/', 'https://[::1]:8443/']) expect(connectorUrlProblem(url, true)).toBeUndefined();
    expect(connectorUrlProblem('http://10.0.0.7/', true)).toEqual(expect.any(String));
    expect(connectorUrlProblem('ftp://localhost/', true)).toEqual(expect.any(String));
  });
});

describe('K1: proactive sends check the stored reference first', () => {
  let counter: HitCounter;
  beforeAll(async () => {
    counter = await startHitCounter();
  });
  afterAll(() => counter?.close());

  it('K1: a stored reference to a host that is not a Bot Connector is refused as gone, and no request is made', async () => {
    const sender = createBotframeworkSender(new CloudAdapter(), { botAppId: '', development: false });
    const reference = { serviceUrl: counter.loopbackUrl, conversation: { id: 'a:megan' }, channelId: 'msteams', bot: { id: '28:bot' } };
    const card = { type: 'AdaptiveCard', version: '1.5', body: [] } as never;
    for (const attempt of [() => sender.send(reference, card), () => sender.update(reference, 'msg-1', card)]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error).toMatchObject({ failure: 'gone', message: expect.stringContaining('serviceUrl') });
    }
    expect(counter.hits()).toBe(0);
  });
});
