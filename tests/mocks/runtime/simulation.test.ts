import { describe, expect, it } from 'vitest';
import { Simulation, DEFAULT_WORKSPACE_ID } from '../../../mocks/runtime/simulation';
import { Workspace } from '../../../mocks/runtime/workspace';
import { WorldDb } from '../../../mocks/world/db';
import { createNodeServer } from '../../../mocks/node';
import { ManualClock, MINUTE } from '../../../src/domain/clock';
import { navigate } from '../../../src/clients/navigation';
import { CookieJar } from '../../../src/domain/cookie-jar';
import { demoTenant, demoTenantInSetup } from '../../../mocks/templates/demo-tenant';

const realClock = () => new ManualClock(Date.UTC(2026, 10, 22, 12));

/** Anna's verification code in a workspace: login, send, read the mail. */
async function annasCode(workspace: Workspace): Promise<string> {
  const jar = new CookieJar();
  const call = (url: string, body?: unknown) =>
    workspace.network.fetch(
      new Request(
        url,
        body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      ),
      { initiator: 'browser:anna', jar },
    );
  await call('https://hrm.test/api/session', { loginId: '10001', password: 'anna-hrm-1' });
  const sent = await call('https://hrm.test/api/me/connect/verification-code', { email: 'anna.svensson@company.com' });
  expect(sent.status).toBe(200);
  await call('https://mail.test/api/session', { address: 'anna.svensson@company.com', password: 'anna-hrm-1' });
  const listing = (await (await call('https://mail.test/api/mailboxes/anna.svensson@company.com/messages')).json()) as {
    messages: Array<{ id: string }>;
  };
  const mail = (await (await call(`https://mail.test/api/messages/${listing.messages[0]!.id}`)).json()) as { text: string };
  return /Your verification code:\s*(\d{6})/.exec(mail.text)![1]!;
}

describe('Simulation', () => {
  it('creates the default demo workspace on first start, with its personas', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    expect(simulation.workspace()).toMatchObject({ id: DEFAULT_WORKSPACE_ID, templateId: demoTenant.id });
    const names = simulation.personas().map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Anna Svensson',
        'Karin Berg',
        'Johan Ek',
        'Pekka Virtanen',
        'Sara Nilsson',
        'Erik Johansson',
        'Lena Holm',
        'Oskar Lund',
      ]),
    );
    expect(simulation.personas().find((p) => p.id === 'anna')?.mailboxes).toEqual([
      'anna.svensson@company.com',
      'anna.svensson@gmail.com',
      'anna.svensson@user.com',
    ]);
    expect(simulation.currentPersonaId()).toBe('anna');
    expect(simulation.clock.now()).toBe(demoTenant.startsAt);
  });

  it('reopens the same workspace, clock and browser after a restart of the tab', async () => {
    const clock = realClock();
    const first = await Simulation.start({ realClock: clock });
    await first.clock.advance(45 * MINUTE);
    await first.setCurrentPersona('karin');
    const devices = first.devices('karin');
    const result = await navigate(first.network, { url: 'https://hrm.test/', jar: devices.jar, initiator: 'browser:karin' });
    devices.browser.history.push(result.url);
    devices.browser.index = 0;
    await first.saveDevices('karin');
    await first.runtime.close();

    const second = await Simulation.start({ realClock: clock });
    expect(second.clock.now()).toBe(demoTenant.startsAt + 45 * MINUTE);
    expect(second.currentPersonaId()).toBe('karin');
    expect(second.devices('karin').browser.history[0]).toBe('https://hrm.test/login?return_to=%2F');
  });

  it('keeps each persona’s phone — its authenticator accounts and clock offset — across a restart of the tab, and a reset empties it', async () => {
    const clock = realClock();
    const first = await Simulation.start({ realClock: clock });
    const account = {
      issuer: 'Connect',
      label: 'johan.ek@company.com',
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    } as const;
    first.devices('johan').phone.accounts.push({ ...account, addedAt: first.clock.now() });
    first.devices('johan').phone.clockOffsetSeconds = -90;
    await first.savePhone('johan');
    await first.runtime.close();

    const second = await Simulation.start({ realClock: clock });
    expect(second.devices('johan').phone).toEqual({ accounts: [{ ...account, addedAt: demoTenant.startsAt }], clockOffsetSeconds: -90 });
    expect(second.devices('anna').phone).toEqual({ accounts: [], clockOffsetSeconds: 0 });
    await second.resetWorkspace();
    expect(second.devices('johan').phone).toEqual({ accounts: [], clockOffsetSeconds: 0 });
  });

  it('gives the same codes for the same seed, and others for another seed (QA replays)', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    const codeA = await annasCode(simulation.runtime);
    await simulation.resetWorkspace();
    const codeB = await annasCode(simulation.runtime);
    await simulation.createWorkspace({ name: 'Other seed', templateId: demoTenant.id, seed: 'another' });
    const codeC = await annasCode(simulation.runtime);
    expect(codeB).toBe(codeA);
    expect(codeC).not.toBe(codeA);
  });

  it('reset brings the template back: links, mails and clock', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    await annasCode(simulation.runtime);
    await simulation.clock.advance(60 * MINUTE);
    await simulation.resetWorkspace();
    expect(simulation.clock.now()).toBe(demoTenant.startsAt);
    const listing = await simulation.network.fetch(new Request('https://mail.test/_sim/mailboxes/anna.svensson@company.com/messages'), {
      initiator: 'test',
    });
    expect(((await listing.json()) as { messages: unknown[] }).messages).toHaveLength(0);
  });

  it('creates, switches and deletes workspaces, refusing bad input and deleting the last one', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    await expect(simulation.createWorkspace({ name: ' ', templateId: demoTenant.id, seed: 'x' })).rejects.toThrow(/name/);
    await expect(simulation.createWorkspace({ name: 'A', templateId: demoTenant.id, seed: '' })).rejects.toThrow(/seed/);
    await expect(simulation.createWorkspace({ name: 'A', templateId: 'nope', seed: 'x' })).rejects.toThrow(/Unknown template/);
    await expect(simulation.createWorkspace({ name: 'A', templateId: demoTenant.id, seed: 'x', startAt: 8.64e15 })).rejects.toThrow(
      'The world clock must start at a date between 1 Jan 1970 and 31 Dec 9999',
    );
    expect((await simulation.listWorkspaces()).map((w) => w.id)).toEqual([DEFAULT_WORKSPACE_ID]);
    const setupWs = await simulation.createWorkspace({ name: 'Setup rehearsal', templateId: demoTenantInSetup.id, seed: 's1' });
    const rollout = await simulation.network.fetch(new Request('https://hrm.test/api/rollout'), { initiator: 'test' });
    expect(await rollout.json()).toMatchObject({ phase: 'setup' });
    expect((await simulation.listWorkspaces()).map((w) => w.id)).toEqual([DEFAULT_WORKSPACE_ID, setupWs.id]);
    await simulation.switchWorkspace(DEFAULT_WORKSPACE_ID);
    expect(simulation.workspace().id).toBe(DEFAULT_WORKSPACE_ID);
    await simulation.deleteWorkspace(setupWs.id);
    expect((await simulation.listWorkspaces()).map((w) => w.id)).toEqual([DEFAULT_WORKSPACE_ID]);
    await expect(simulation.deleteWorkspace(DEFAULT_WORKSPACE_ID)).rejects.toThrow(/only workspace/);
  });

  it('serves plain fetch() to the virtual hosts through msw/node as well', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    const server = createNodeServer(simulation.runtime.handlers());
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const response = await fetch('https://hrm.test/api/rollout');
      expect(await response.json()).toMatchObject({ tenantName: 'Demo Company', phase: 'preparation' });
    } finally {
      server.close();
    }
  });

  it('logs every exchange in the world database', async () => {
    const simulation = await Simulation.start({ realClock: realClock() });
    await annasCode(simulation.runtime);
    await simulation.runtime.flush();
    const traffic = await simulation.runtime.world.traffic.toArray();
    const lines = traffic.map((t) => `${t.initiator} ${t.method} ${new URL(t.url).host}${new URL(t.url).pathname} ${t.status}`);
    expect(lines).toContain('browser:anna POST hrm.test/api/session 200');
    expect(lines).toContain('server:hrm.test POST mail.test/api/messages 201');
    expect(traffic.every((t) => t.at === demoTenant.startsAt)).toBe(true);
  });

  it('keeps the traffic log growing across a reload of the tab', async () => {
    const clock = realClock();
    const first = await Simulation.start({ realClock: clock });
    await annasCode(first.runtime);
    await first.runtime.close();
    const before = await new WorldDb(DEFAULT_WORKSPACE_ID).traffic.count();

    const second = await Simulation.start({ realClock: clock });
    await second.network.fetch(new Request('https://hrm.test/api/rollout'), { initiator: 'test' });
    await second.runtime.flush();
    expect(await second.runtime.world.traffic.count()).toBe(before + 1);
  });

  it('a clean reopen continues the random streams exactly; after a stop without closing they start afresh', async () => {
    const clock = realClock();
    const open = async (id: string) => (await Workspace.open({ id, realClock: clock }))!;
    // Uninterrupted: two codes in a row.
    const straight = await Workspace.create(demoTenant, 'same', { id: 'straight', realClock: clock });
    const [first, second] = [await annasCode(straight), await annasCode(straight)];
    await straight.close();
    // Closed cleanly between the two: the same second code (QA replays across reloads).
    const closed = await Workspace.create(demoTenant, 'same', { id: 'closed', realClock: clock });
    expect(await annasCode(closed)).toBe(first);
    await closed.close();
    const closedAgain = await open('closed');
    expect(await annasCode(closedAgain)).toBe(second);
    await closedAgain.close();
    // Stopped dead between the two: the servers may have stored draws the saved state does not know of, so the
    // reopened workspace draws from a fresh stream rather than replay them.
    const crashed = await Workspace.create(demoTenant, 'same', { id: 'crashed', realClock: clock });
    expect(await annasCode(crashed)).toBe(first);
    const afterCrash = await open('crashed');
    expect(await annasCode(afterCrash)).not.toBe(second);
    await afterCrash.close();
  });
});
