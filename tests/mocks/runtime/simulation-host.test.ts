// Tabs sharing one simulation over ports (SimulationHost ↔ RemoteSimulation), as the SharedWorker serves them in the
// browser: here over Node's MessageChannel, with the same messages.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Simulation } from '../../../mocks/runtime/simulation';
import { SimulationHost } from '../../../mocks/runtime/simulation-host';
import { RemoteSimulation, SimulationRestartedError } from '../../../mocks/runtime/remote-simulation';
import { stateHash } from '../../../mocks/scenarios/state-hash';
import { demoTenant } from '../../../mocks/templates/demo-tenant';
import { ManualClock, MINUTE } from '../../../src/domain/clock';
import type { DevicesChange, SimulationControl } from '../../../src/contracts/simulation';
import { XRAY_INITIATOR, type Exchange } from '../../../src/contracts/network';

const ANNA = 'anna.svensson@company.com';
const JOHAN = 'johan.ek@company.com';

interface Tabs {
  simulation: Simulation;
  tabs: RemoteSimulation[];
  /** Connects one more tab, as a page opened later does. */
  open(): Promise<RemoteSimulation>;
  close(): Promise<void>;
}

let open: Tabs | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function openTabs(count: number): Promise<Tabs> {
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
  const simulation = await Simulation.start({ realClock: clock, pageOrigin: 'https://rehearsal.example' });
  const host = new SimulationHost(simulation);
  const ports: MessagePort[] = [];
  const connect = async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    host.connect(port2);
    return RemoteSimulation.connect(port1, clock);
  };
  const tabs: RemoteSimulation[] = [];
  for (let i = 0; i < count; i++) tabs.push(await connect());
  open = {
    simulation,
    tabs,
    open: connect,
    async close() {
      host.close();
      for (const port of ports) port.close();
      await simulation.runtime.close();
    },
  };
  return open;
}

/** A persona's API call from a tab: the tab's copy of the persona's cookie jar, the simulation's network. */
async function call(tab: SimulationControl, persona: string, url: string, body?: unknown): Promise<Response> {
  const init: RequestInit =
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return tab.network.fetch(new Request(url, init), { initiator: `browser:${persona}`, jar: tab.devices(persona).jar });
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function logIn(tab: SimulationControl, persona: string, loginId: string, password: string): Promise<void> {
  expect((await call(tab, persona, 'https://hrm.test/api/session', { loginId, password })).status).toBe(200);
}

/** The code in the newest mail to `email`, as the trainer reads it (mail.test's inspection: no sign-in, nothing marked read). */
async function newestCode(tab: SimulationControl, email: string): Promise<string> {
  const trainer = (url: string) => tab.network.fetch(new Request(url), { initiator: XRAY_INITIATOR });
  const listing = await json<{ messages: Array<{ id: string }> }>(await trainer(`https://mail.test/_sim/mailboxes/${email}/messages`));
  const mail = await json<{ text: string }>(await trainer(`https://mail.test/_sim/messages/${listing.messages[0]!.id}`));
  return /Your verification code:\s*(\d{6})/.exec(mail.text)![1]!;
}

async function usersAsKarin(tab: SimulationControl, name: string): Promise<Array<{ name: string; state: string }>> {
  const page = await json<{ rows: Array<{ name: string; state: string }> }>(
    await call(tab, 'karin', `https://hrm.test/api/users?q=${encodeURIComponent(name)}`),
  );
  return page.rows;
}

describe('one simulation for every tab', () => {
  it('keeps both tabs’ writes: Anna links in one while Karin works in the other, and a tab opened later sees both', async () => {
    const { tabs, open: openTab } = await openTabs(2);
    const [first, second] = tabs as [RemoteSimulation, RemoteSimulation];
    await logIn(first, 'anna', '10001', 'anna-hrm-1');
    await logIn(second, 'karin', '10002', 'karin-hrm-1');
    expect((await call(first, 'anna', 'https://hrm.test/api/me/connect/verification-code', { email: ANNA })).status).toBe(200);
    // A mail sent in one tab never collides with the next one sent in another.
    await logIn(second, 'johan', '10003', 'johan-hrm-1');
    expect((await call(second, 'johan', 'https://hrm.test/api/me/connect/verification-code', { email: JOHAN })).status).toBe(200);
    const code = await newestCode(first, ANNA);
    expect(await json<{ status: string }>(await call(first, 'anna', 'https://hrm.test/api/me/connect/verify', { code }))).toMatchObject({
      status: 'linked',
    });

    expect(await usersAsKarin(second, 'Anna Svensson')).toEqual([expect.objectContaining({ name: 'Anna Svensson', state: 'linked' })]);
    expect(await usersAsKarin(second, 'Johan Ek')).toEqual([expect.objectContaining({ name: 'Johan Ek', state: 'code_sent' })]);
    // Cookies are the simulation's: the later tab is Karin, signed in, with no login of its own.
    const third = await openTab();
    expect(await usersAsKarin(third, 'Anna Svensson')).toEqual([expect.objectContaining({ state: 'linked' })]);
    expect(third.devices('anna').jar.toJSON()).toEqual(first.devices('anna').jar.toJSON());
  });

  it('answers through the port as the network does in process: status, headers, a redirect’s Location, the body', async () => {
    const { simulation, tabs } = await openTabs(1);
    const [tab] = tabs as [RemoteSimulation];
    const direct = await simulation.network.fetch(new Request('https://hrm.test/'), { initiator: 'test' });
    const remote = await tab.network.fetch(new Request('https://hrm.test/'), { initiator: 'test' });
    expect(remote.status).toBe(direct.status);
    expect(remote.headers.get('location')).toBe(direct.headers.get('location'));
    const directRollout = await simulation.network.fetch(new Request('https://hrm.test/api/rollout'), { initiator: 'test' });
    const remoteRollout = await tab.network.fetch(new Request('https://hrm.test/api/rollout'), { initiator: 'test' });
    expect(remoteRollout.headers.get('content-type')).toBe(directRollout.headers.get('content-type'));
    expect(await remoteRollout.json()).toEqual(await directRollout.json());
    const unknown = await tab.network.fetch(new Request('https://nowhere.test/'), { initiator: 'test' });
    expect(unknown.status).toBe(502);
  });

  it('moves the clock in every tab, and gives every tab the new workspace with fresh devices', async () => {
    const { tabs } = await openTabs(2);
    const [first, second] = tabs as [RemoteSimulation, RemoteSimulation];
    const clockTicks = vi.fn();
    second.clock.subscribe(clockTicks);
    await first.clock.advance(30 * MINUTE);
    await vi.waitFor(() => expect(second.clock.now()).toBe(demoTenant.startsAt + 30 * MINUTE));
    expect(clockTicks).toHaveBeenCalled();

    await logIn(second, 'anna', '10001', 'anna-hrm-1');
    const annasDevices = second.devices('anna');
    expect(annasDevices.jar.toJSON()).not.toEqual([]);
    const changed = vi.fn();
    second.subscribe(changed);
    const created = await first.createWorkspace({ name: 'Rehearsal two', templateId: demoTenant.id, seed: 'two' });
    await vi.waitFor(() => expect(second.workspace().id).toBe(created.id));
    expect(changed).toHaveBeenCalled();
    expect(second.devices('anna')).not.toBe(annasDevices);
    expect(second.devices('anna').jar.toJSON()).toEqual([]);
    expect(second.clock.now()).toBe(demoTenant.startsAt);
    expect((await second.listWorkspaces()).map((w) => w.name)).toContain('Rehearsal two');
  });

  it('refuses a control call with the simulation’s own message', async () => {
    const { tabs } = await openTabs(1);
    await expect(tabs[0]!.switchWorkspace('missing')).rejects.toThrow('No workspace “missing”');
    await expect(tabs[0]!.clock.advance(-1)).rejects.toThrow(RangeError);
  });

  it('shows a persona’s browser saved in one tab in the others, with what it shows, and not back in its own', async () => {
    const { tabs } = await openTabs(2);
    const [first, second] = tabs as [RemoteSimulation, RemoteSimulation];
    const heardByFirst = vi.fn();
    const heardBySecond: DevicesChange[] = [];
    first.subscribeDevices(heardByFirst);
    second.subscribeDevices((change) => heardBySecond.push(change));
    const devices = first.devices('anna');
    devices.browser.history = ['https://hrm.test/login', 'https://hrm.test/'];
    devices.browser.index = 1;
    devices.phone.clockOffsetSeconds = 45;
    const shown = { url: 'https://hrm.test/', status: 200, hops: [], outcome: null };
    await first.saveDevices('anna', shown);
    await first.savePhone('anna');
    await vi.waitFor(() => expect(heardBySecond).toHaveLength(2));
    expect(heardBySecond[0]).toEqual({ personaId: 'anna', shown });
    expect(second.devices('anna').browser).toEqual({ history: ['https://hrm.test/login', 'https://hrm.test/'], index: 1 });
    expect(second.devices('anna').phone.clockOffsetSeconds).toBe(45);
    expect(heardByFirst).not.toHaveBeenCalled();
    // And a tab opened later starts from them.
    const later = await open!.open();
    expect(later.devices('anna').browser.index).toBe(1);
  });

  it('tells every tab of every exchange, whichever tab sent it', async () => {
    const { tabs } = await openTabs(2);
    const [first, second] = tabs as [RemoteSimulation, RemoteSimulation];
    const seen: Exchange[] = [];
    second.network.subscribe((exchange) => seen.push(exchange));
    await call(first, 'anna', 'https://hrm.test/api/rollout');
    await vi.waitFor(() => expect(seen.map((e) => e.url)).toContain('https://hrm.test/api/rollout'));
    expect(seen.find((e) => e.url === 'https://hrm.test/api/rollout')).toMatchObject({ initiator: 'browser:anna', status: 200 });
    expect((await second.traffic.summaries()).some((s) => s.url === 'https://hrm.test/api/rollout')).toBe(true);
  });

  it('ends interleaved actions in three tabs with the state hash the same actions reach in one', async () => {
    const { tabs } = await openTabs(3);
    /** Anna links, Johan is sent a code, Karin looks at the users, the clock moves: each action in tab `at(i)`. */
    async function rehearse(at: (step: number) => RemoteSimulation, id: string): Promise<string> {
      await at(0).createWorkspace({ id, name: id, templateId: demoTenant.id, seed: 'round-robin' });
      await logIn(at(1), 'anna', '10001', 'anna-hrm-1');
      await logIn(at(2), 'karin', '10002', 'karin-hrm-1');
      await call(at(3), 'anna', 'https://hrm.test/api/me/connect/verification-code', { email: ANNA });
      await logIn(at(4), 'johan', '10003', 'johan-hrm-1');
      await call(at(5), 'johan', 'https://hrm.test/api/me/connect/verification-code', { email: JOHAN });
      await at(6).clock.advance(5 * MINUTE);
      const code = await newestCode(at(7), ANNA);
      await call(at(8), 'anna', 'https://hrm.test/api/me/connect/verify', { code });
      await usersAsKarin(at(9), 'Anna Svensson');
      return at(10).stateHash();
    }
    const alone = await rehearse(() => tabs[0]!, 'one-tab');
    const together = await rehearse((step) => tabs[step % 3]!, 'three-tabs');
    expect(together).toBe(alone);
    // The hash a tab asks for is the hash of the databases as stored.
    expect(together).toBe(await stateHash('three-tabs'));
  });

  it('records in one tab what a persona does in another, and stops when another tab resets the workspace', async () => {
    const { tabs } = await openTabs(2);
    const [recordingTab, actingTab] = tabs as [RemoteSimulation, RemoteSimulation];
    const recording = await recordingTab.startRecording();
    await logIn(actingTab, 'anna', '10001', 'anna-hrm-1');
    await actingTab.clock.advance(10 * MINUTE);
    await vi.waitFor(() =>
      expect(recording.steps().map((s) => [s.action, s.persona])).toEqual([
        ['hrmLogin', 'anna'],
        ['advanceClock', undefined],
      ]),
    );
    await actingTab.resetWorkspace();
    await vi.waitFor(() => expect(recording.recording).toBe(false));
  });

  it('after the simulation restarts (a new leader tab), asks again what only reads and refuses what may have changed something', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
    const { port1: tabPort, port2: relay } = new MessageChannel();
    // The relay stands for the leader tabs: what the tab sends goes to the simulation of the leader of the moment.
    let backend: MessagePort | null = null;
    relay.addEventListener('message', (event) => backend?.postMessage(event.data));
    relay.start();
    const lead = async () => {
      const simulation = await Simulation.start({ realClock: clock, pageOrigin: 'https://rehearsal.example' });
      const host = new SimulationHost(simulation);
      const { port1, port2 } = new MessageChannel();
      port1.addEventListener('message', (event) => relay.postMessage(event.data));
      port1.start();
      host.connect(port2);
      backend = port1;
      return { simulation, host, close: () => [port1, port2].forEach((p) => p.close()) };
    };
    let leader = await lead();
    const tab = await RemoteSimulation.connect(tabPort, clock);
    try {
      await logIn(tab, 'karin', '10002', 'karin-hrm-1');
      // The leader closes: until the next one starts, what the tab sends reaches nobody.
      backend = null;
      leader.host.close();
      leader.close();
      await leader.simulation.runtime.close();
      const read = call(tab, 'karin', 'https://hrm.test/api/users?q=Anna%20Svensson');
      const write = call(tab, 'karin', 'https://hrm.test/api/me/connect/verification-code', { email: 'karin.berg@company.com' });
      const restarted = vi.fn();
      tab.subscribe(restarted);
      leader = await lead();
      await expect(write).rejects.toThrow(SimulationRestartedError);
      const answer = await read;
      expect(answer.status).toBe(200);
      expect((await json<{ rows: Array<{ name: string }> }>(answer)).rows.map((r) => r.name)).toEqual(['Anna Svensson']);
      // Karin's login was stored by the first leader: the second knows her.
      expect(restarted).toHaveBeenCalled();
      expect((await call(tab, 'karin', 'https://hrm.test/api/users?q=Johan')).status).toBe(200);
    } finally {
      leader.host.close();
      leader.close();
      tabPort.close();
      relay.close();
      await leader.simulation.runtime.close();
    }
  });
});
