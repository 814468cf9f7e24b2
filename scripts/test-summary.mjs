#!/usr/bin/env node
// The one plain closing line of scripts/test.sh, from vitest's JSON report (the file given,
// default artifacts/test-results.json). Counts tests and test files: a file whose beforeAll
// (or import) failed has no failed test — its tests show as skipped — but the file failed,
// and the line says so, naming it. Exit status: 0 when everything passed, 1 otherwise.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const file = process.argv[2] ?? 'artifacts/test-results.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`no test results: ${file} could not be read (${error.code ?? error.message}); the run stopped before any test (see above)`);
  process.exit(1);
}

const files = report.testResults ?? [];
const failedFiles = files.filter((f) => f.status === 'failed');
// A failed file none of whose tests failed: its setup (beforeAll, import, collection) broke.
const setupFailed = failedFiles.filter((f) => !(f.assertionResults ?? []).some((a) => a.status === 'failed'));
const name = (f) => relative(process.cwd(), f.name);
const firstLine = (text) => String(text ?? '').trim().split('\n')[0].slice(0, 160);

let line = `${report.numPassedTests} passed, ${report.numFailedTests} failed`;
if (report.numPendingTests) line += `, ${report.numPendingTests} skipped`;
if (report.numTodoTests) line += `, ${report.numTodoTests} todo`;
line += `; ${failedFiles.length} of ${files.length} test file${files.length === 1 ? '' : 's'} failed`;
if (setupFailed.length > 0) line += ` — setup failed in ${setupFailed.map((f) => `${name(f)} (${firstLine(f.message) || 'no message'})`).join(', ')}`;
const ok = report.success === true && failedFiles.length === 0 && report.numFailedTests === 0 && files.length > 0;
if (!ok && failedFiles.length === 0 && report.numFailedTests === 0) line += files.length === 0 ? ' — no test ran' : ' — the run failed outside any test (see the errors above)';
console.log(line);
process.exit(ok ? 0 : 1);
