#!/usr/bin/env node
// `npm test`: type-check, unit/integration tests, then browser end-to-end tests when Chromium is
// present. A missing browser is announced loudly; under CI=true it is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args) => {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status ?? 1;
};

const chromium = process.env.VSMC_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
let failed = 0;
failed += run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0 ? 1 : 0;
failed += run('npx', ['vitest', 'run']) !== 0 ? 1 : 0;

if (chromium) {
  failed += run('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts']) !== 0 ? 1 : 0;
} else {
  const banner = '!'.repeat(78);
  console.error(`\n${banner}\n!! Chromium not found: the browser end-to-end tests did NOT run.\n!! Install it with: apt-get install -y chromium   (or set VSMC_CHROMIUM)\n${banner}\n`);
  if (process.env.CI === 'true') {
    console.error('CI=true: a missing browser is a failure.');
    failed += 1;
  }
}
process.exit(failed ? 1 : 0);
