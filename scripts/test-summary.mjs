#!/usr/bin/env node
// Prints vitest's counts as one plain line ("N passed, N failed, N skipped"), read from the JSON report that
// `npm test` writes, so that CI logs state what ran.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(new URL('../test-results/vitest.json', import.meta.url), 'utf8'));
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + (report.numTodoTests ?? 0)} skipped`);
