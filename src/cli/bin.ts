#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';
import { main } from './main.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stdoutBytes: (data) => process.stdout.write(data),
  writeFile: (path, data) => writeFile(path, data),
  readFileBytes: (path) => readFile(path),
  stderr: (text) => process.stderr.write(text),
  readStdin,
  readFile: (path) => readFile(path, 'utf8'),
  env: process.env,
  cwd: process.cwd(),
  now: Date.now,
  isTty: process.stderr.isTTY === true,
  untilStopped: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
});
process.exitCode = code;
