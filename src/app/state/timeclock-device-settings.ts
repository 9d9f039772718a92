// Owns saving a Timeclock device's address typed into its settings (R19): the address is kept with the devices the
// simulation shares with every tab, so a change made from a tab that still shows an older address is refused (as a
// stale edit of the integrations console is), never written over the newer one. Plain TypeScript: tested without a page.
import type { SimulationControl } from '../../contracts/simulation';

export type AddressSave =
  | { ok: true; address: string }
  /** Another tab changed the address since this one showed it: `current` is what the device uses now. */
  | { ok: false; code: 'stale_edit'; message: string; current: string };

/** The address the device uses now: the last one saved, or the one it was configured with. */
export function storedAddress(simulation: Pick<SimulationControl, 'devices'>, deviceId: string, configured: string): string {
  const { browser } = simulation.devices(deviceId);
  return browser.history[browser.index] ?? configured;
}

/**
 * Saves `next` as the device's address if it still uses `shown`, the address this tab showed when the change began.
 * Every tab's copy of the devices follows the simulation's (each save is pushed to all tabs), so a newer address saved
 * from another tab is seen here and the change refused.
 */
export async function saveDeviceAddress(
  simulation: Pick<SimulationControl, 'devices' | 'saveDevices'>,
  device: { id: string; name: string; configured: string },
  shown: string,
  next: string,
): Promise<AddressSave> {
  const current = storedAddress(simulation, device.id, device.configured);
  if (current !== shown) {
    return {
      ok: false,
      code: 'stale_edit',
      current,
      message: `${device.name}’s address was changed in another tab, to ${current}. Reload to see it, then change it again if needed.`,
    };
  }
  const { browser } = simulation.devices(device.id);
  browser.history = [next];
  browser.index = 0;
  await simulation.saveDevices(device.id);
  return { ok: true, address: next };
}
