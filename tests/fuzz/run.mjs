#!/usr/bin/env node
// Runs the fuzz tests longer than the normal suite does: `npm run fuzz -- --runs N` sets how many cases each property
// tries (default 100), `--seed S` replays a failure the run printed; without it each run draws a new seed.
// Anything else is passed on to vitest (e.g. `tests/fuzz/journeys.test.ts`).
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const passOn = [];
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].split('=', 2);
  if (flag === '--runs' || flag === '--seed') {
    const value = inline ?? args[++i];
    if (value === undefined || !/^-?\d+$/.test(value)) {
      console.error(`${flag} needs a whole number, e.g. ${flag} 500`);
      process.exit(2);
    }
    env[flag === '--runs' ? 'FUZZ_RUNS' : 'FUZZ_SEED'] = value;
  } else passOn.push(args[i]);
}
env.FUZZ_RUNS ??= '100';

console.log(
  `Fuzzing with ${env.FUZZ_RUNS} runs per property${env.FUZZ_SEED ? `, seed ${env.FUZZ_SEED}` : ', a random seed (printed on failure)'}`,
);
// A file or name filter of the caller's narrows the run; without one, every fuzz test runs.
const filtered = passOn.some((arg) => arg.startsWith('tests/'));
const child = spawn('npx', ['vitest', 'run', ...(filtered ? [] : ['tests/fuzz']), ...passOn], { stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
