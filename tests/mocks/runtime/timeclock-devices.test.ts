// The stage's Timeclock devices (R19) keep their address and their login (cookies) with the personas' devices: a
// reload of the tab finds a device where it was left, still logged in at the address the admin typed.
import { describe, expect, it } from 'vitest';
import { RemoteSimulation } from '../../../mocks/runtime/remote-simulation';
import { SimulationHost } from '../../../mocks/runtime/simulation-host';
import { saveDeviceAddress, storedAddress } from '../../../src/app/state/timeclock-device-settings';
import { Simulation } from '../../../mocks/runtime/simulation';
import { timeclockDeviceId } from '../../../src/contracts/simulation';
import type { TimeclockScreen } from '../../../src/contracts/timeclock';
import { ManualClock } from '../../../src/domain/clock';
import { demoTenant } from '../../../mocks/templates/demo-tenant';

const FACTORY = timeclockDeviceId('Factory clock');
const NEW_ADDRESS = 'https://timeclock.hrm.test/Fabriksklocka/4711';

function call(simulation: Simulation, url: string, body?: unknown): Promise<Response> {
  const init: RequestInit =
    body === undefined
      ? { headers: { accept: 'application/json' } }
      : { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return simulation.network.fetch(new Request(url, init), {
    initiator: 'device:Factory clock',
    jar: simulation.devices(FACTORY).jar,
    origin: new URL(url).origin,
  });
}

describe('Timeclock devices on the stage', () => {
  it('the demo template names its three devices, their Timeclock user and the badges to pick', async () => {
    const simulation = await Simulation.start({ realClock: new ManualClock(Date.UTC(2026, 10, 22, 12)) }, { newDemo: true });
    try {
      const info = simulation.templates().find((t) => t.id === demoTenant.id)?.timeclock;
      expect(info?.devices.map((d) => d.name)).toEqual(['Factory clock', 'Entrance kiosk', 'Warehouse kiosk']);
      expect(info?.user.username).toBe('timeclock');
      expect(info?.badges).toContainEqual({ name: 'Pekka Virtanen', badge: '04A1B2C3' });
      // Templates without a Timeclock put no devices on the stage.
      expect(simulation.templates().find((t) => t.id === 'sso-entra')).toMatchObject({ id: 'sso-entra' });
      expect(simulation.templates().find((t) => t.id === 'sso-entra')?.timeclock).toBeUndefined();
    } finally {
      await simulation.runtime.close();
    }
  });

  it('a reload keeps a device’s address and its login there', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
    const first = await Simulation.start({ realClock: clock }, { newDemo: true });
    await first.clock.jumpTo(demoTenant.tenant.activationAt! + 60_000);
    const devices = first.devices(FACTORY);
    devices.browser.history = [NEW_ADDRESS];
    devices.browser.index = 0;
    const login = await call(first, `${NEW_ADDRESS}/login`, { username: 'timeclock', password: 'clock-4711', deviceName: 'Factory clock' });
    expect(login.status).toBe(200);
    await first.saveDevices(FACTORY);
    await first.runtime.close();

    const second = await Simulation.start({ realClock: clock });
    try {
      const saved = second.devices(FACTORY);
      expect(saved.browser.history[saved.browser.index]).toBe(NEW_ADDRESS);
      const screen = await call(second, NEW_ADDRESS);
      expect(((await screen.json()) as TimeclockScreen).device).toBe('Factory clock');
      const punch = await call(second, `${NEW_ADDRESS}/punch`, { badge: '04A1B2C3' });
      expect(punch.status).toBe(201);
    } finally {
      await second.runtime.close();
    }
  });

  it('a second tab’s change to a device’s address made from what it showed before is refused, not written over', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 22, 12));
    const simulation = await Simulation.start({ realClock: clock, pageOrigin: 'https://rehearsal.example' }, { newDemo: true });
    const host = new SimulationHost(simulation);
    const channels = [new MessageChannel(), new MessageChannel()];
    try {
      const [first, second] = await Promise.all(
        channels.map(({ port1, port2 }) => {
          host.connect(port2);
          return RemoteSimulation.connect(port1, clock);
        }),
      );
      const configured = 'https://hrm.test/Timeclock/Fabriksklocka';
      const device = { id: FACTORY, name: 'Factory clock', configured };
      // Both tabs show the device's settings with the address it is configured with.
      const shownInFirst = storedAddress(first!, FACTORY, configured);
      const shownInSecond = storedAddress(second!, FACTORY, configured);
      expect([shownInFirst, shownInSecond]).toEqual([configured, configured]);

      const heard = new Promise<void>((resolve) => {
        const stop = second!.subscribeDevices((change) => {
          if (change.personaId !== FACTORY) return;
          stop();
          resolve();
        });
      });
      expect(await saveDeviceAddress(first!, device, shownInFirst, NEW_ADDRESS)).toEqual({ ok: true, address: NEW_ADDRESS });
      await heard;

      // The second tab still shows the old address: its change is refused and says what the device uses now.
      const refused = await saveDeviceAddress(second!, device, shownInSecond, 'https://timeclock.hrm.test/default/4711');
      expect(refused).toEqual({
        ok: false,
        code: 'stale_edit',
        current: NEW_ADDRESS,
        message: `Factory clock’s address was changed in another tab, to ${NEW_ADDRESS}. Reload to see it, then change it again if needed.`,
      });
      expect(storedAddress(simulation, FACTORY, configured)).toBe(NEW_ADDRESS);

      // Reloaded, it shows the new address and may change it; the first tab's own next change then starts from that.
      const reloaded = storedAddress(second!, FACTORY, configured);
      expect(await saveDeviceAddress(second!, device, reloaded, 'https://timeclock.hrm.test/default/4711')).toMatchObject({ ok: true });
      expect(storedAddress(simulation, FACTORY, configured)).toBe('https://timeclock.hrm.test/default/4711');
    } finally {
      host.close();
      for (const { port1, port2 } of channels) {
        port1.close();
        port2.close();
      }
      await simulation.runtime.close();
    }
  });
});
