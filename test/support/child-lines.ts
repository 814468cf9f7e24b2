/**
 * Reads a child process's output as it comes: each complete stdout line, and all of stderr.
 * A last piece without its newline is never passed on: a child killed mid-write may have cut
 * it short, so it does not count as said.
 */
import type { ChildProcess } from 'node:child_process';

export interface ChildOutput {
  /** Everything the child wrote to stderr so far. */
  readonly stderr: string;
}

export function readChildLines(child: ChildProcess, onLine: (line: string) => void): ChildOutput {
  const output = { stderr: '' };
  let pending = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  return output;
}
