#!/usr/bin/env node
// `npm test`: type-check, unit/integration tests, then browser end-to-end tests when Chromium is
// present. A missing browser is announced loudly; under CI=true it is a failure, never a skip.
// Ends with one plain "N passed, N failed" line over both suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status ?? 1;
};

const totals = { passed: 0, failed: 0, skipped: 0 };
function vitest(label, extra) {
  const report = `test-results/vitest-${label}.json`;
  mkdirSync('test-results', { recursive: true });
  rmSync(report, { force: true });
  const status = run('npx', ['vitest', 'run', ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += r.numFailedTests ?? 0;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } else if (status !== 0) {
    totals.failed += 1;
  }
  return status;
}

const chromium = process.env.VSMC_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
let failed = 0;
if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) {
  failed += 1;
  totals.failed += 1;
}
if (vitest('unit', []) !== 0) failed += 1;

if (chromium) {
  if (vitest('e2e', ['--config', 'vitest.e2e.config.ts']) !== 0) failed += 1;
} else {
  const banner = '!'.repeat(78);
  console.error(`\n${banner}\n!! Chromium not found: the browser end-to-end tests did NOT run.\n!! Install it with: apt-get install -y chromium   (or set VSMC_CHROMIUM)\n${banner}\n`);
  if (process.env.CI === 'true') {
    console.error('CI=true: a missing browser is a failure.');
    failed += 1;
    totals.failed += 1;
  }
}
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
