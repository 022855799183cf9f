import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { runCli } from './runCli.js';

// The process edge of `cgm`: real files, real streams, the exit code.
const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  now: () => performance.now(),
  env: process.env,
});
process.exitCode = exitCode;
