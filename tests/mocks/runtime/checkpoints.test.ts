import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../../mocks/runtime/simulation';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import type { UserListPage, UserListRow } from '../../../src/contracts/hrm';
import { navigate } from '../../../src/clients/navigation';
import { DAY, HOUR, ManualClock, MINUTE } from '../../../src/domain/clock';
import { Workspace } from '../../../mocks/runtime/workspace';
import { VERIFICATION_MAIL } from '../../../mocks/servers/hrm/rules';
import { createTestWorld, testWorkspaceOptions, testWorldOf, type TestBrowser, type TestWorld } from '../../support/harness';
import { readDatabases } from '../../support/databases';
import { body, HRM, inbox, link, sendCode, signIn, verify } from '../hrm/support';

const ANNA = 'anna.svensson@company.com';
const JOHAN = 'johan.ek@company.com';

/** The Users view's row of the user named `name`, as an administrator sees it. */
async function userRow(admin: TestBrowser, name: string): Promise<UserListRow> {
  const response = await admin.api(`${HRM}/api/users?q=${encodeURIComponent(name)}`);
  expect(response.status).toBe(200);
  const row = (await body<UserListPage>(response)).rows.find((r) => r.name === name);
  expect(row, name).toBeDefined();
  return row!;
}

describe('checkpoints of a workspace (Workspace.snapshot / restore)', () => {
  let world: TestWorld;
  afterEach(() => world.close());

  it('restores every database as it was, the clock to its moment, and the servers answer from it', async () => {
    world = await createTestWorld();
    const anna = await signIn(world, 'anna');
    const { code } = await sendCode(anna, ANNA);
    await world.advance(10 * MINUTE);
    await world.workspace.settled();
    const atCheckpoint = await readDatabases(world.workspace.id);
    const snapshot = await world.workspace.snapshot();
    expect(snapshot.worldTime).toBe(demoTenant.startsAt + 10 * MINUTE);

    // After the checkpoint: Anna links, Karin mails Johan a verification link, an hour passes.
    expect((await verify(anna, code)).status).toBe(200);
    const karin = await signIn(world, 'karin');
    expect((await karin.api(`${HRM}/api/users/${(await userRow(karin, 'Johan Ek')).id}/verification-email`, { body: {} })).status).toBe(
      200,
    );
    expect((await inbox(karin, JOHAN)).messages.map((m) => m.subject)).toContain('Verify your email address for Connect');
    expect((await userRow(karin, 'Anna Svensson')).state).toBe('linked');
    await world.advance(HOUR);

    const id = world.workspace.id;
    world = testWorldOf(await world.workspace.restore(snapshot), world.template);
    expect(world.workspace.id).toBe(id);
    expect(world.now()).toBe(snapshot.worldTime);
    await world.workspace.settled();
    expect(await readDatabases(id)).toEqual(atCheckpoint);

    // The HRM's directory and the mail server's index are read anew: the link and the mail are gone.
    const admin = await signIn(world, 'karin');
    expect(await userRow(admin, 'Anna Svensson')).toMatchObject({ state: 'code_sent', connectEmail: ANNA });
    expect(await userRow(admin, 'Johan Ek')).toMatchObject({ state: 'not_started' });
    expect((await inbox(admin, JOHAN)).messages.map((m) => m.subject)).not.toContain('Verify your email address for Connect');
    // Anna's code from before the checkpoint works again, in a new session.
    expect((await verify(await signIn(world, 'anna'), code)).status).toBe(200);
  });

  it('takes a checkpoint of a playing clock, which plays on; restoring it stops the clock at the checkpoint', async () => {
    const realClock = new ManualClock(0);
    const workspace = await Workspace.create(demoTenant, 'test-seed', { ...testWorkspaceOptions(), realClock });
    world = testWorldOf(workspace, demoTenant);
    await workspace.clock.play(60);
    realClock.advance(MINUTE); // an hour of world time
    const snapshot = await workspace.snapshot();
    expect(snapshot.worldTime).toBe(demoTenant.startsAt + HOUR);
    expect(workspace.clock.state()).toMatchObject({ paused: false, speed: 60 });
    realClock.advance(MINUTE);
    expect(workspace.clock.now()).toBe(demoTenant.startsAt + 2 * HOUR);

    realClock.advance(10 * MINUTE);
    const restored = await workspace.restore(snapshot);
    world = testWorldOf(restored, world.template);
    expect(restored.clock.state()).toMatchObject({ paused: true, speed: 60 });
    realClock.advance(MINUTE);
    expect(restored.clock.now()).toBe(demoTenant.startsAt + HOUR);
  });
});

describe('checkpoints on the control surface (SimulationControl)', () => {
  const start = () => Simulation.start({ realClock: new ManualClock(Date.UTC(2026, 10, 22, 12)) });

  it('lists, restores (more than once) and deletes named checkpoints with their world time; personas’ devices go back too', async () => {
    const simulation = await start();
    const devices = simulation.devices('anna');
    const first = await navigate(simulation.network, { url: `${HRM}/`, jar: devices.jar, initiator: 'browser:anna' });
    devices.browser.history.push(first.url);
    devices.browser.index = 0;
    const jar = devices.jar.toJSON();

    const unnamed = await simulation.takeCheckpoint();
    await simulation.clock.advance(30 * MINUTE);
    const named = await simulation.takeCheckpoint('  Before Anna links ');
    expect(simulation.checkpoints()).toEqual([
      { id: unnamed.id, name: 'Checkpoint 1', worldTime: demoTenant.startsAt },
      { id: named.id, name: 'Before Anna links', worldTime: demoTenant.startsAt + 30 * MINUTE },
    ]);

    // Anna signs in in her browser and links; a day passes.
    const world = testWorldOf(simulation.runtime, demoTenant);
    await link(await signIn(world, 'anna'), ANNA);
    const session = new Request(`${HRM}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: '10001', password: 'anna-hrm-1' }),
    });
    expect((await simulation.network.fetch(session, { initiator: 'browser:anna', jar: devices.jar })).status).toBe(200);
    expect(devices.jar.toJSON()).not.toEqual(jar);
    devices.browser.history.push(`${HRM}/my-profile`);
    devices.browser.index = 1;
    await simulation.saveDevices('anna');
    await simulation.clock.advance(DAY);
    const subjects = async () => (await inbox(testWorldOf(simulation.runtime, demoTenant).browser(), ANNA)).messages.map((m) => m.subject);
    expect(await subjects()).toContain(VERIFICATION_MAIL.subject);

    let changes = 0;
    simulation.subscribe(() => changes++);
    await simulation.restoreCheckpoint(named.id);
    expect(changes).toBeGreaterThan(0);
    expect(simulation.clock.now()).toBe(demoTenant.startsAt + 30 * MINUTE);
    expect(simulation.devices('anna').browser).toEqual({ history: [first.url], index: 0 });
    expect(simulation.devices('anna').jar.toJSON()).toEqual(jar);
    const after = testWorldOf(simulation.runtime, demoTenant);
    expect((await (await signIn(after, 'anna')).api(`${HRM}/api/me/connect`).then((r) => body<{ status: string }>(r))).status).not.toBe(
      'linked',
    );
    expect(await subjects()).not.toContain(VERIFICATION_MAIL.subject);

    // The same checkpoint again, after more has happened; then the earlier one.
    await link(await signIn(after, 'anna'), ANNA);
    await simulation.restoreCheckpoint(named.id);
    expect(
      (
        await (
          await signIn(testWorldOf(simulation.runtime, demoTenant), 'anna')
        )
          .api(`${HRM}/api/me/connect`)
          .then((r) => body<{ status: string }>(r))
      ).status,
    ).not.toBe('linked');
    await simulation.restoreCheckpoint(unnamed.id);
    expect(simulation.clock.now()).toBe(demoTenant.startsAt);

    simulation.deleteCheckpoint(unnamed.id);
    expect(simulation.checkpoints().map((c) => c.name)).toEqual(['Before Anna links']);
    await expect(simulation.restoreCheckpoint(unnamed.id)).rejects.toThrow(`No checkpoint “${unnamed.id}” in this workspace`);
  });

  it('a restore that fails half-way writes the workspace back as it stood: Anna is still linked, and the workspace answers', async () => {
    // The page refuses the restored workspace's handlers once: the last step of the restore fails.
    let refuseHandlers = false;
    const simulation = await Simulation.start({
      realClock: new ManualClock(Date.UTC(2026, 10, 22, 12)),
      onHandlersChanged: () => {
        if (!refuseHandlers) return;
        refuseHandlers = false;
        throw new Error('The page could not take the new handlers');
      },
    });
    const checkpoint = await simulation.takeCheckpoint('Before Anna links');
    await link(await signIn(testWorldOf(simulation.runtime, demoTenant), 'anna'), ANNA);
    await simulation.clock.advance(HOUR);
    const live = simulation.workspace();
    const hash = await simulation.stateHash();

    refuseHandlers = true;
    await expect(simulation.restoreCheckpoint(checkpoint.id)).rejects.toThrow('The page could not take the new handlers');
    expect(simulation.workspace()).toEqual(live);
    expect(simulation.clock.now()).toBe(demoTenant.startsAt + HOUR);
    expect(await simulation.stateHash()).toBe(hash);
    const anna = await signIn(testWorldOf(simulation.runtime, demoTenant), 'anna');
    expect((await anna.api(`${HRM}/api/me/connect`).then((r) => body<{ status: string }>(r))).status).toBe('linked');
  });

  it('keeps checkpoints per workspace: another workspace has its own, and deleting a workspace drops its checkpoints', async () => {
    const simulation = await start();
    const demo = simulation.workspace();
    await simulation.takeCheckpoint('Demo start');
    const other = await simulation.createWorkspace({ name: 'Second', templateId: demoTenant.id, seed: 'second' });
    expect(simulation.checkpoints()).toEqual([]);
    await simulation.takeCheckpoint('Second start');
    await simulation.switchWorkspace(demo.id);
    expect(simulation.checkpoints().map((c) => c.name)).toEqual(['Demo start']);
    await simulation.deleteWorkspace(other.id);
    await simulation.createWorkspace({ name: 'Third', templateId: demoTenant.id, seed: 'third', id: other.id });
    expect(simulation.checkpoints()).toEqual([]);
  });
});
