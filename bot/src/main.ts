import { readConfig } from './config.js';
import { createApp } from './server/app.js';
import { createConsoleLogger } from './server/logger.js';

/**
 * The server process: `node bot/dist/main.js` (production) or `npm start` (development:
 * `--dev` makes development sign-in the default, which the server still allows only on
 * loopback and outside production).
 */
const dev = process.argv.includes('--dev');
const env = dev ? { AUTH_MODE: 'dev', ...process.env } : process.env;
const logger = createConsoleLogger();

try {
  const started = performance.now();
  const config = readConfig(env);
  const app = await createApp(config, logger);
  const address = await app.listen();
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const lines = [
    '',
    `Call Group Manager is ready in ${Math.round(performance.now() - started)} ms (${app.db.backend} database, ${app.gateway.kind} gateway).`,
    `  Tab:          ${base}/tab/${config.AUTH_MODE === 'dev' ? '  (switch demo users and themes in its development bar)' : ''}`,
    `  Bot endpoint: ${base}/api/messages`,
    `  Bot:          ${app.bot.identity}`,
    `  Tab API:      ${base}/api/me`,
    `  Health:       ${base}/healthz  ${base}/readyz`,
  ];
  if (config.AUTH_MODE === 'dev') {
    lines.push(
      '',
      '  !!! DEVELOPMENT SIGN-IN IS ON: any X-Dev-User header is trusted from requests addressed to a loopback host. Never use it in production. !!!',
      `  Try: curl -H 'X-Dev-User: alex.wilber@contoso.com' ${base}/api/me`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  const stop = async (signal: string) => {
    logger.info('stopping', { signal });
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  process.stderr.write(`Call Group Manager could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
