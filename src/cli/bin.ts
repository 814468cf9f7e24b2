#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { main } from './main.js';

/** Reads one line from the terminal with echo off. */
function promptSecret(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    let value = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Resolves on the first SIGINT (Ctrl-C) or SIGTERM: the command then stops gracefully and
 * exits 0. A second signal while it stops ends the process at once, 130 or 143 as a shell
 * reports a process killed by that signal.
 */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    let asked = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (asked) process.exit(128 + (constants.signals[signal] ?? 0));
      asked = true;
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * A reader that went away (`reissue find … | head`) is no fault of the command: the rest of
 * its output is dropped, and it finishes (a server keeps serving) instead of dying on EPIPE.
 */
const closedOutputs = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closedOutputs.add(stream);
  });
}
const write = (stream: NodeJS.WriteStream, data: string | Uint8Array) => closedOutputs.has(stream) || stream.write(data);

const code = await main(process.argv.slice(2), {
  stdout: (text) => write(process.stdout, text),
  stdoutBytes: (data) => write(process.stdout, data),
  writeFile: async (path, data, options) => {
    if (!options?.private) return writeFile(path, data);
    // An existing file is closed to others before the secret goes in; a new one is made 0600.
    await chmod(path, 0o600).catch(() => undefined);
    await writeFile(path, data, { mode: 0o600 });
  },
  readFileBytes: (path) => readFile(path),
  stderr: (text) => write(process.stderr, text),
  readStdin,
  readFile: (path) => readFile(path, 'utf8'),
  env: process.env,
  cwd: process.cwd(),
  now: Date.now,
  randomBytes: (size) => randomBytes(size),
  isTty: process.stderr.isTTY === true,
  ...(process.stdin.isTTY ? { promptSecret } : {}),
  untilStopped,
});
process.exitCode = code;
