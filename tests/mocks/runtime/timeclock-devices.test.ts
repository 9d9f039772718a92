// The stage's Timeclock devices (R19) keep their address and their login (cookies) with the personas' devices: a
// reload of the tab finds a device where it was left, still logged in at the address the admin typed.
import { describe, expect, it } from 'vitest';
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
});
