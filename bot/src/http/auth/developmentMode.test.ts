import { describe, expect, it } from 'vitest';
import { developmentServer, isLoopbackHostHeader, isProductionEnv } from './developmentMode.js';

describe('the development rule', () => {
  it.each(['production', 'Production', ' PRODUCTION ', 'production\n'])('K1: NODE_ENV %j is production', (nodeEnv) => {
    expect(isProductionEnv(nodeEnv)).toBe(true);
    expect(developmentServer({ nodeEnv, host: '127.0.0.1' })).toEqual({ development: false, reason: `NODE_ENV=${nodeEnv.trim()}` });
  });

  it.each(['development', 'test', '', undefined, 'productionish'])('NODE_ENV %j is not production', (nodeEnv) => {
    expect(isProductionEnv(nodeEnv)).toBe(false);
    expect(developmentServer({ nodeEnv, host: 'localhost' })).toEqual({ development: true });
  });

  it('K1: a non-loopback bind is not development, and the reason names every setting that says so', () => {
    expect(developmentServer({ nodeEnv: 'development', host: '0.0.0.0' })).toEqual({ development: false, reason: 'HOST=0.0.0.0' });
    expect(developmentServer({ nodeEnv: 'Production', host: '::' })).toEqual({ development: false, reason: 'NODE_ENV=Production / HOST=::' });
  });

  it.each(['127.0.0.1', '127.0.0.1:3978', '127.9.8.7:1', 'localhost', 'LocalHost:3978', '[::1]', '[::1]:3978', ' localhost:80 '])('K4: Host %j is a loopback name', (host) => {
    expect(isLoopbackHostHeader(host)).toBe(true);
  });

  it.each([undefined, '', 'attacker.example', 'rebind.attacker.com:3978', 'localhost.attacker.example', '127.0.0.1.nip.io', '0.0.0.0:3978', '[::]:3978', '::1', '[::1', '127.0.0.1:3978:1', '127.0.0.1:abc', 'user@127.0.0.1', '10.0.0.1:3978'])(
    'K4: Host %j is not a loopback name',
    (host) => {
      expect(isLoopbackHostHeader(host)).toBe(false);
    },
  );
});
