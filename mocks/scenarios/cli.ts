// Owns the headless runner's command line (`npm run scenario -- <file or name>…`): reads scenario files or built-in
// names, runs each on a fresh workspace in Node (fake IndexedDB, the same handlers as the tab), prints every step and
// expectation with pass or fail and the state hash, and exits non-zero when anything failed. The one scenario module
// that uses Node's APIs.
import 'fake-indexeddb/auto';
import { readFile, stat } from 'node:fs/promises';
import { parseScenario, SCENARIO_MAX_FILE_BYTES, tooLargeMessage, type Scenario } from '../../src/contracts/scenario';
import { CATALOGUE, builtInScenario } from './catalogue';
import { runScenarioHeadless } from './run';
import type { StepReport } from './executor';

const USAGE = `Usage: npm run scenario -- <file.json | built-in name | all>… [--quiet]

Runs each scenario headless on a fresh workspace and prints every step with pass or fail.
Built-in scenarios:
${CATALOGUE.map((s) => `  ${s.id.padEnd(28)} ${s.title}`).join('\n')}`;

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const MARK: Record<StepReport['status'], string> = { passed: paint(32, '✓'), failed: paint(31, '✗'), skipped: paint(90, '-') };

async function load(arg: string): Promise<Scenario | string[]> {
  if (arg.endsWith('.json') || arg.includes('/')) {
    let text: string;
    try {
      // Refused before it is read: a file far too large would take the runner's memory before the format could say so.
      const { size } = await stat(arg);
      if (size > SCENARIO_MAX_FILE_BYTES) return [`${arg}: ${tooLargeMessage(size)}`];
      text = await readFile(arg, 'utf8');
    } catch (error) {
      return [`${arg}: cannot read it (${error instanceof Error ? error.message : String(error)})`];
    }
    const parsed = parseScenario(text);
    return parsed.ok ? parsed.scenario : parsed.errors.map((e) => `${arg}: ${e}`);
  }
  return builtInScenario(arg) ?? [`${arg}: no such file, and no built-in scenario of that name (npm run scenario lists them)`];
}

function printStep(step: StepReport, quiet: boolean): void {
  const who = step.persona ? `${step.persona} ` : '';
  const what = step.kind === 'expect' ? `expect ${step.name}` : step.name;
  console.log(`  ${MARK[step.status]} ${String(step.index).padStart(2)}. ${who}${what} — ${step.detail}`);
  if (step.note && !quiet) console.log(paint(90, `       ${step.note}`));
}

async function main(argv: string[]): Promise<number> {
  const quiet = argv.includes('--quiet');
  const args = argv.filter((a) => !a.startsWith('--'));
  if (args.length === 0 || argv.includes('--help')) {
    console.log(USAGE);
    return args.length === 0 && !argv.includes('--help') ? 2 : 0;
  }
  const names = args.flatMap((a) => (a === 'all' ? CATALOGUE.map((s) => s.id) : [a]));
  let passed = 0;
  let failed = 0;
  for (const name of names) {
    const scenario = await load(name);
    if (Array.isArray(scenario)) {
      for (const error of scenario) console.error(paint(31, error));
      failed++;
      continue;
    }
    console.log(`\n${paint(1, scenario.title)} (${scenario.id})`);
    console.log(
      paint(
        90,
        `  template ${scenario.workspace.template}, seed “${scenario.workspace.seed}”${scenario.workspace.startAt ? `, from ${scenario.workspace.startAt}` : ''}`,
      ),
    );
    const { report, hash } = await runScenarioHeadless(scenario, { onStep: (step) => printStep(step, quiet) });
    for (const error of report.errors) console.error(paint(31, `  ${error}`));
    console.log(`  state hash ${hash}`);
    const ok = report.failed === 0 && report.errors.length === 0;
    console.log(
      `  ${ok ? paint(32, 'PASS') : paint(31, 'FAIL')}: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`,
    );
    passed += report.passed;
    failed += report.failed + report.errors.length;
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
