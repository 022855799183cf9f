import { readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { artifactFolder } from './artifacts.js';
import { staysOnThisMachine } from './browser.js';
import { freePort } from './ports.js';

describe('the browser tests’ support', () => {
  it('lets a page reach this machine and inline data, and nothing else', () => {
    const allowed = ['http://127.0.0.1:56150/', 'http://localhost:3978/api/me', 'ws://127.0.0.1:56150/_ws_conversation/v1/conversations/stream', 'https://localhost:53000/tab', 'http://[::1]:3978/', 'data:text/html,hi'];
    const refused = ['https://res-1.cdn.office.net/files/fonts/segoeui-regular.woff2', 'http://example.com/', 'https://127.0.0.1.nip.io/', 'http://10.0.0.5:3978/', 'ftp://127.0.0.1/x'];
    expect(allowed.filter((url) => !staysOnThisMachine(new URL(url)))).toEqual([]);
    expect(refused.filter((url) => staysOnThisMachine(new URL(url)))).toEqual([]);
  });

  it('keeps artifacts of the last run only, under names that cannot leave their folder', async () => {
    const first = await artifactFolder('support-check');
    try {
      await first.writeText('left-over.txt', 'from an earlier run');
      const second = await artifactFolder('support-check');
      expect(await readdir(second.dir)).toEqual([]);
      await second.writeText('server.log', 'a line');
      expect(await readdir(second.dir)).toEqual(['server.log']);
      for (const name of ['../escape.png', 'a/b.png', '.hidden.png', 'no-extension', 'Upper.png']) expect(() => second.path(name), name).toThrow(/file name/);
      await expect(artifactFolder('../outside')).rejects.toThrow(/area/);
      await expect(artifactFolder('')).rejects.toThrow(/area/);
    } finally {
      await rm(first.dir, { recursive: true, force: true });
    }
  });

  it('finds a port that a server can then listen on, on every interface', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
