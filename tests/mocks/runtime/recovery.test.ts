import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { Simulation, DEFAULT_WORKSPACE_ID } from '../../../mocks/runtime/simulation';
import { RecoveryHost, recoveryProblem } from '../../../mocks/runtime/recovery';
import { parseWorkspaceFile } from '../../../mocks/runtime/workspace-file';
import { WorldDb } from '../../../mocks/world/db';
import { ManualClock } from '../../../src/domain/clock';
import { demoTenant } from '../../../mocks/templates/demo-tenant';

const realClock = () => new ManualClock(Date.UTC(2026, 10, 22, 12));

/** A demo workspace and a second one, the demo's world clock then broken behind the simulation's back. */
async function brokenDemo(): Promise<{ other: string }> {
  const simulation = await Simulation.start({ realClock: realClock() });
  const other = await simulation.createWorkspace({ name: 'Setup rehearsal', templateId: demoTenant.id, seed: 's' });
  await simulation.switchWorkspace(DEFAULT_WORKSPACE_ID);
  await simulation.runtime.close();
  const world = new WorldDb(DEFAULT_WORKSPACE_ID);
  await world.meta.update('world', { clock: { anchorWorld: 9e15, anchorReal: 0, speed: 1, paused: true } });
  world.close();
  return { other: other.id };
}

describe('recovery', () => {
  it('a workspace whose clock names no date does not start, and the reason is told in words', async () => {
    await brokenDemo();
    const failure = await Simulation.start({ realClock: realClock() }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).not.toBeNull();
    const problem = await recoveryProblem(failure, 'Demo company');
    expect(problem.message).toBe(
      'The workspace “Demo company” could not be opened. Its world clock holds no valid date: it must be a date between 1 Jan 1970 and 31 Dec 9999. Export it to keep a copy, delete it, or open the demo to go on with a fresh workspace.',
    );
    expect(problem.detail).toMatch(/DamagedWorkspaceError/);
  });

  it('lists the workspaces with sizes, exports the broken one without starting it, deletes it, and starts with a new demo', async () => {
    const { other } = await brokenDemo();
    let restarted: Simulation | null = null;
    const recovery = new RecoveryHost({
      problem: { message: '', detail: '' },
      realClock: realClock(),
      async restart(mode) {
        restarted = await Simulation.start({ realClock: realClock() }, { newDemo: mode === 'new-demo' });
      },
    });

    const listed = await recovery.listWorkspaces();
    expect(listed.map((w) => [w.id, w.current])).toEqual([
      [DEFAULT_WORKSPACE_ID, true],
      [other, false],
    ]);
    // The demo's HRM directory alone is well over a few kilobytes of text.
    expect(listed.every((w) => (w.approximateBytes ?? 0) > 10_000)).toBe(true);

    const file = await recovery.exportWorkspace(DEFAULT_WORKSPACE_ID);
    expect(file.fileName).toMatch(/^demo-company-\d{4}-\d{2}-\d{2}\.workspace\.json$/);
    const { header } = parseWorkspaceFile(file.text);
    expect(header).toMatchObject({ name: 'Demo company', templateId: demoTenant.id });

    await recovery.deleteWorkspace(DEFAULT_WORKSPACE_ID);
    expect((await recovery.listWorkspaces()).map((w) => w.id)).toEqual([other]);
    expect((await Dexie.getDatabaseNames()).filter((n) => n.startsWith(`rollout-rehearsal/${DEFAULT_WORKSPACE_ID}/`))).toEqual([]);

    await recovery.call('openDemo', []);
    const started = restarted as Simulation | null;
    expect(started?.workspace()).toMatchObject({ name: 'Demo company', templateId: demoTenant.id });
    expect(started?.workspace().id).not.toBe(other);
    expect((await started!.listWorkspaces()).map((w) => w.id)).toEqual([other, started!.workspace().id]);
  });
});
