// Owns one headless run of a scenario: a fresh workspace, every step, the devices saved as the tab saves them, the
// state hash, the workspace closed. What the CLI and the catalogue's tests both call.
import type { Scenario } from '../../src/contracts/scenario';
import { runScenario, type RunOptions, type ScenarioReport } from './executor';
import { createHeadlessHost } from './headless';
import { stateHash } from './state-hash';

export interface HeadlessRun {
  report: ScenarioReport;
  /** The state hash after the last step (mocks/scenarios/state-hash.ts says what it leaves out). */
  hash: string;
}

export async function runScenarioHeadless(scenario: Scenario, options: RunOptions & { workspaceId?: string } = {}): Promise<HeadlessRun> {
  const host = await createHeadlessHost(scenario, options.workspaceId ? { workspaceId: options.workspaceId } : {});
  try {
    const report = await runScenario(scenario, host, options);
    await host.saveDevices();
    await host.settled();
    return { report, hash: await stateHash(host.workspace.id) };
  } finally {
    await host.close();
  }
}
