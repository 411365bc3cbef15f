// `npm test`: provisions what is missing, then type-checks, lints, builds, runs Vitest and
// Playwright, and ends with one line summing every runner: `N passed, N failed, N skipped`.
// Under CI=true only the Electron suite may skip (its binary cannot be downloaded there).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { provision } from './provision.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(label, command, args) {
  console.log(`\n── ${label}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '1' } });
  console.log(`── ${label}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status === 0;
}

/** A step that is not a test runner still counts: one check, passed or failed. */
function check(label, ok) {
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    problems.push(`${label} failed`);
  }
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function countVitest(report, label = 'vitest') {
  if (!report) return check(`${label} (no report written)`, false);
  // A file that failed outside its tests (a syntax error, a backend that would not start in
  // beforeAll) reports its tests as skipped, or none at all: those count as failures, not skips.
  const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.every((t) => t.status !== 'failed'));
  const unrun = (file) => Math.max(1, file.assertionResults.filter((t) => t.status === 'skipped' || t.status === 'pending').length);
  for (const file of brokenFiles) console.log(`vitest: ${path.relative(root, file.name)} failed before its tests ran: ${file.message.split('\n')[0]}`);
  const setupFailures = brokenFiles.reduce((sum, file) => sum + unrun(file), 0);
  const skippedInBroken = brokenFiles.reduce((sum, file) => sum + file.assertionResults.filter((t) => t.status === 'skipped' || t.status === 'pending').length, 0);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + setupFailures;
  const skipped = report.numPendingTests + report.numTodoTests - skippedInBroken;
  totals.skipped += skipped;
  if (skipped && process.env.CI === 'true') problems.push(`${skipped} Vitest test(s) skipped; under CI only the Electron suite may skip`);
  console.log(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests + setupFailures} failed, ${skipped} skipped`);
}

function countPlaywright(report) {
  if (!report) return check('playwright (no report written)', false);
  const tally = { passed: 0, failed: 0, skipped: 0 };
  const skipReasons = new Map();
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const outcome = test.status === 'expected' || test.status === 'flaky' ? 'passed' : test.status === 'skipped' ? 'skipped' : 'failed';
        tally[outcome] += 1;
        if (outcome === 'skipped') {
          const why = test.annotations?.find((a) => a.type === 'skip')?.description ?? 'no reason given';
          const key = `[${test.projectName}] ${why}`;
          skipReasons.set(key, (skipReasons.get(key) ?? 0) + 1);
          if (test.projectName !== 'electron' && process.env.CI === 'true') problems.push(`Playwright skipped "${spec.title}" in ${test.projectName}`);
        }
      }
    }
    (suite.suites ?? []).forEach(visit);
  };
  (report.suites ?? []).forEach(visit);
  for (const error of report.errors ?? []) {
    tally.failed += 1;
    console.log(`playwright error: ${error.message?.split('\n')[0]}`);
  }
  for (const [reason, count] of skipReasons) console.log(`skipped ${count} ${reason}`);
  Object.keys(tally).forEach((k) => (totals[k] += tally[k]));
  console.log(`playwright: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const provisioned = check('provisioning', await provision());
if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) check('npm install', run('dependencies', 'npm', ['install', '--no-audit', '--no-fund']));
check('typecheck', run('typecheck', 'npx', ['tsc', '-b']));
check('lint', run('lint', 'npx', ['eslint', '--max-warnings=0', '.']));
const built = check('build', run('build', 'node', ['main/build.mjs']));

/** One Vitest run, its report counted; `wrapper` runs it under another command (faketime). */
function vitest(label, report, args, wrapper = []) {
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile=${path.join(results, report)}`];
  const [command, ...rest] = [...wrapper, process.execPath, path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/vitest.config.ts', ...reporters, ...args];
  run(label, command, rest);
  countVitest(readJson(path.join(results, report)), label);
}

vitest('unit, component and contract tests', 'vitest.json', []);
// No test may depend on today's date: the same unit and contract tests again with the clock
// 400 days ahead (the monotonic clock left alone, so timers and timeouts behave).
vitest('unit and contract tests, clock 400 days ahead', 'vitest-400-days-ahead.json', ['--project', 'node', '--project', 'dom', 'test/unit', 'test/contract'], ['env', 'FAKETIME_DONT_FAKE_MONOTONIC=1', 'faketime', '-f', '+400d']);

if (built && provisioned) {
  run('end-to-end tests', 'npx', ['playwright', 'test', '--config', 'test/playwright.config.ts']);
  countPlaywright(readJson(path.join(results, 'playwright.json')));
} else {
  check('end-to-end tests (not run: build or provisioning failed)', false);
}

console.log('');
for (const problem of problems) console.log(`✗ ${problem}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && problems.length === 0 ? 0 : 1);
